/**
 * Packs the built app with electron-builder (`--linux --dir`) against a stand-in Electron folder, since the
 * real Electron binary cannot be downloaded here, and checks what app.asar holds: the built main, preload
 * and renderer, the runtime dependencies of main, and no renderer-only library; and that the update feed
 * given at build time (GMI_UPDATE_URL) is baked into resources/app-update.yml as electron-updater reads it.
 *
 * Fuses: the stand-in `electron` executable carries a fuse wire as a real Electron binary does (the sentinel, wire
 * version 1, eight fuses at Electron's defaults: RunAsNode, NodeOptions, NodeCliInspect and
 * GrantFileProtocolExtraPrivileges on, the rest off). electron-builder flips it with @electron/fuses from
 * electron-builder.yml's `electronFuses`, exactly as in a release build, and this check reads the wire back from
 * the packed executable. What that proves: the configuration electron-builder resolved, and that its fuse step
 * ran and wrote every fuse. What it cannot prove here: that a real Electron binary honours them (that needs the
 * real binary; Electron's own tests cover it), and the ASAR integrity hash, which electron-builder writes only
 * into macOS and Windows apps (Electron validates it only there).
 */
import { listPackage } from '@electron/asar';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const work = mkdtempSync(path.join(tmpdir(), 'pack-'));
const electronDist = path.join(work, 'electron-dist');
const output = path.join(work, 'dist');
/** A feed address for the check only; a release sets its own (README.md, "Releases and updates"). */
const feedUrl = 'https://updates.guestmfainventory.invalid/check-pack/';
/** @electron/fuses' sentinel: the fuse wire follows it (version byte, length byte, one byte per fuse). */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const FUSES = [
  'RunAsNode',
  'EnableCookieEncryption',
  'EnableNodeOptionsEnvironmentVariable',
  'EnableNodeCliInspectArguments',
  'EnableEmbeddedAsarIntegrityValidation',
  'OnlyLoadAppFromAsar',
  'LoadBrowserProcessSpecificV8Snapshot',
  'GrantFileProtocolExtraPrivileges',
] as const;
/** Electron's defaults ('1' on, '0' off), as the stand-in starts. */
const DEFAULT_WIRE = '10110001';
/** What the packed app must hold (electron-builder.yml, `electronFuses`). */
const EXPECTED_FUSES: Record<(typeof FUSES)[number], 'on' | 'off' | 'any'> = {
  RunAsNode: 'off',
  EnableCookieEncryption: 'on',
  EnableNodeOptionsEnvironmentVariable: 'off',
  EnableNodeCliInspectArguments: 'off',
  EnableEmbeddedAsarIntegrityValidation: 'on',
  OnlyLoadAppFromAsar: 'on',
  LoadBrowserProcessSpecificV8Snapshot: 'any',
  GrantFileProtocolExtraPrivileges: 'off',
};

/** The fuse wire of an Electron executable, by fuse name. */
function readFuses(file: string): Record<string, 'on' | 'off' | 'removed' | 'unknown'> {
  const bytes = readFileSync(file);
  const at = bytes.indexOf(FUSE_SENTINEL);
  if (at < 0) throw new Error(`no fuse wire in ${file}`);
  const wire = at + FUSE_SENTINEL.length;
  const length = bytes[wire + 1] ?? 0;
  const fuses: Record<string, 'on' | 'off' | 'removed' | 'unknown'> = {};
  for (let i = 0; i < length; i += 1) {
    const state = bytes[wire + 2 + i];
    fuses[FUSES[i] ?? `fuse ${i}`] = state === 49 ? 'on' : state === 48 ? 'off' : state === 114 ? 'removed' : 'unknown';
  }
  return fuses;
}

try {
  execFileSync('mkdir', ['-p', electronDist]);
  const stand = path.join(electronDist, 'electron');
  // A shell script that exits before its last line, which holds the fuse wire as a real binary does.
  writeFileSync(
    stand,
    Buffer.concat([
      Buffer.from('#!/bin/sh\necho "stand-in electron"\nexit 0\n# '),
      Buffer.from(FUSE_SENTINEL),
      Buffer.from([1, FUSES.length]),
      Buffer.from(DEFAULT_WIRE),
      Buffer.from('\n'),
    ]),
  );
  chmodSync(stand, 0o755);
  execFileSync(
    process.execPath,
    [
      require.resolve('electron-builder/cli.js'),
      '--linux',
      '--dir',
      `-c.electronDist=${electronDist}`,
      `-c.directories.output=${output}`,
      `-c.electronVersion=${JSON.parse(readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version}`,
    ],
    {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', GMI_UPDATE_URL: feedUrl },
    },
  );
  const asar = path.join(output, 'linux-unpacked', 'resources', 'app.asar');
  if (!existsSync(asar)) throw new Error(`no app.asar at ${asar}`);
  const entries = new Set(listPackage(asar, { isPack: false }).map((e) => e.replaceAll('\\', '/')));
  const problems: string[] = [];
  for (const required of [
    '/out/main/index.js',
    '/out/preload/preload.js',
    '/out/renderer/index.html',
    '/package.json',
  ]) {
    if (!entries.has(required)) problems.push(`missing ${required}`);
  }
  for (const runtime of ['@azure/msal-node', 'zod', 'jose', 'electron-updater', 'builder-util-runtime']) {
    if (!entries.has(`/node_modules/${runtime}/package.json`)) problems.push(`missing runtime dependency ${runtime}`);
  }
  for (const rendererOnly of [
    'react',
    'react-dom',
    'zustand',
    '@fluentui/react-components',
    'electron',
    'vitest',
    'playwright-core',
  ]) {
    if (entries.has(`/node_modules/${rendererOnly}/package.json`))
      problems.push(`renderer-only or dev library packed: ${rendererOnly}`);
  }
  const updateConfig = path.join(output, 'linux-unpacked', 'resources', 'app-update.yml');
  if (!existsSync(updateConfig)) problems.push('missing resources/app-update.yml (the update feed)');
  else {
    const text = readFileSync(updateConfig, 'utf8');
    if (!/^provider: generic$/m.test(text)) problems.push(`app-update.yml is not a generic feed:\n${text}`);
    if (!text.includes(`url: ${feedUrl}`)) problems.push(`app-update.yml does not hold the feed URL:\n${text}`);
  }
  // The tray icon main/index.ts loads from a plain path (electron-builder.yml's extraResources).
  if (!existsSync(path.join(output, 'linux-unpacked', 'resources', 'tray-icon.png')))
    problems.push('missing resources/tray-icon.png (the tray icon)');
  // The fuses electron-builder flipped in the packed executable (named after productName's executable).
  const executable = path.join(output, 'linux-unpacked', 'guest-mfa-inventory');
  if (!existsSync(executable)) problems.push(`missing the packed executable ${executable}`);
  else {
    const fuses = readFuses(executable);
    for (const [name, expected] of Object.entries(EXPECTED_FUSES)) {
      const actual = fuses[name];
      if (expected !== 'any' && actual !== expected) problems.push(`fuse ${name} is ${actual}, expected ${expected}`);
    }
    console.log(
      `fuses: ${Object.entries(fuses)
        .map(([name, state]) => `${name} ${state}`)
        .join(', ')}`,
    );
  }
  const size = readFileSync(asar).length;
  console.log(`app.asar: ${entries.size} entries, ${(size / 1024 / 1024).toFixed(1)} MB`);
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    process.exit(1);
  }
  console.log('app.asar holds main, preload and renderer and no renderer-only library.');
} finally {
  rmSync(work, { recursive: true, force: true });
}
