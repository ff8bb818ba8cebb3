/**
 * Packs the built app with electron-builder (`--linux --dir`) against a stand-in Electron folder, since the
 * real Electron binary cannot be downloaded here, and checks what app.asar holds: the built main, preload
 * and renderer, the runtime dependencies of main, and no renderer-only library; and that the update feed
 * given at build time (GMI_UPDATE_URL) is baked into resources/app-update.yml as electron-updater reads it.
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

try {
  execFileSync('mkdir', ['-p', electronDist]);
  const stand = path.join(electronDist, 'electron');
  writeFileSync(stand, '#!/bin/sh\necho "stand-in electron"\n');
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
