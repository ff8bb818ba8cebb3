/**
 * The app's update path with the real electron-updater (AppImageUpdater, as a Linux AppImage runs it) against a
 * local `generic` feed served by the test: app-update.yml as electron-builder writes it into a packed app, the
 * feed's latest-linux.yml, the download verified by its sha512, and the install that replaces the AppImage and
 * starts the new one. Electron itself is a stand-in (test/support/updater-stand-in.ts says what that cannot show).
 */
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppImageUpdater } from 'electron-updater';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { electronUpdaterDriver } from '../../main/update/electron-updater-driver';
import { UpdateService } from '../../main/update/update-service';
import type { UpdateState } from '../../shared/updates';
import { installUpdaterStandIn, type StandInApp } from '../support/updater-stand-in';

const NEW_FILE = 'Guest-MFA-Inventory-0.2.0.AppImage';

interface Feed {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

/** Serves `files` (path → body) over loopback HTTP, ignoring the query electron-updater adds against caches. */
async function serveFeed(files: Record<string, string | Buffer>): Promise<Feed> {
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://feed').pathname;
    requests.push(pathname);
    const body = files[pathname];
    if (body === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    response.writeHead(200, { 'content-length': Buffer.byteLength(body) }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** latest-linux.yml in the shape electron-builder publishes it. */
function latestYml(version: string, file: string, content: Buffer, sha512Of: Buffer = content): string {
  const sha512 = createHash('sha512').update(sha512Of).digest('base64');
  return [
    `version: ${version}`,
    'files:',
    `  - url: ${file}`,
    `    sha512: ${sha512}`,
    `    size: ${content.length}`,
    `path: ${file}`,
    `sha512: ${sha512}`,
    "releaseDate: '2026-03-01T10:00:00.000Z'",
    '',
  ].join('\n');
}

let work: string;
let standIn: { app: StandInApp; restore(): void };
let feed: Feed | null = null;
let marker: string;
let installed: string;
const savedEnv = { APPIMAGE: process.env['APPIMAGE'], XDG_CACHE_HOME: process.env['XDG_CACHE_HOME'] };

beforeEach(() => {
  work = mkdtempSync(path.join(tmpdir(), 'gmi-update-'));
  const resources = path.join(work, 'resources');
  mkdirSync(resources);
  mkdirSync(path.join(work, 'apps'));
  marker = path.join(work, 'new-version-started');
  // The running "AppImage" (version in its name, as electron-builder names them).
  installed = path.join(work, 'apps', 'Guest-MFA-Inventory-0.1.0.AppImage');
  writeFileSync(installed, '#!/bin/sh\necho old\n');
  chmodSync(installed, 0o755);
  process.env['APPIMAGE'] = installed;
  process.env['XDG_CACHE_HOME'] = path.join(work, 'cache');
  standIn = installUpdaterStandIn({
    version: '0.1.0',
    userDataDir: path.join(work, 'userData'),
    resourcesDir: resources,
  });
});

afterEach(async () => {
  standIn.restore();
  await feed?.close();
  feed = null;
  for (const [key, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  rmSync(work, { recursive: true, force: true });
});

/** Writes app-update.yml as a packed app has it (electron-builder.yml `publish`), and builds the service. */
function updateServiceFor(feedUrl: string) {
  writeFileSync(
    path.join(work, 'resources', 'app-update.yml'),
    `provider: generic\nurl: ${feedUrl}\nupdaterCacheDirName: guest-mfa-inventory-updater\n`,
  );
  const log: string[] = [];
  const states: UpdateState[] = [];
  const updater = new AppImageUpdater();
  const service = new UpdateService({
    driver: electronUpdaterDriver(updater, (message) => log.push(message)),
    currentVersion: '0.1.0',
    emit: (state) => states.push(state),
    log: (message) => log.push(message),
  });
  return { service, states, log, updater };
}

async function until(condition: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('updates from a generic feed', () => {
  it('finds a newer version, downloads and verifies it, and installs it on "Restart to update"', async () => {
    const newApp = Buffer.from(`#!/bin/sh\necho "0.2.0 started" > "${marker}"\n${'#'.repeat(300_000)}\n`);
    feed = await serveFeed({ '/latest-linux.yml': latestYml('0.2.0', NEW_FILE, newApp), [`/${NEW_FILE}`]: newApp });
    const { service, states } = updateServiceFor(feed.url);

    const checked = await service.check();
    expect(checked).toMatchObject({ status: 'available', version: '0.2.0', currentVersion: '0.1.0' });
    await until(() => service.current.status === 'ready' || service.current.status === 'error', 'the download');
    expect(service.current).toMatchObject({ status: 'ready', version: '0.2.0', percent: 100 });
    expect(states[0]?.status).toBe('checking');
    expect(states.map((s) => s.status)).toContain('downloading');
    expect(feed.requests).toContain('/latest-linux.yml');
    expect(feed.requests).toContain(`/${NEW_FILE}`);
    const downloaded = path.join(work, 'cache', 'guest-mfa-inventory-updater', 'pending', NEW_FILE);
    expect(readFileSync(downloaded).equals(newApp)).toBe(true);

    expect(service.install()).toBe(true);
    // The AppImage updater replaces the running file with the new one and starts it; then the app quits.
    await until(() => standIn.app.quitCalls === 1, 'the app to quit');
    const replaced = path.join(work, 'apps', NEW_FILE);
    expect(existsSync(installed)).toBe(false);
    expect(readFileSync(replaced).equals(newApp)).toBe(true);
    await until(() => existsSync(marker), 'the new version to start');
    expect(readFileSync(marker, 'utf8').trim()).toBe('0.2.0 started');
  });

  it('refuses a download whose sha512 does not match the feed, and keeps the running version', async () => {
    const published = Buffer.from('#!/bin/sh\necho published\n');
    const tampered = Buffer.from('#!/bin/sh\necho tampered\n');
    feed = await serveFeed({
      '/latest-linux.yml': latestYml('0.2.0', NEW_FILE, tampered, published),
      [`/${NEW_FILE}`]: tampered,
    });
    const { service } = updateServiceFor(feed.url);
    await service.check();
    await until(() => service.current.status === 'ready' || service.current.status === 'error', 'the download');
    expect(service.current.status).toBe('error');
    expect(service.current.message).toMatch(
      /^The update to version 0\.2\.0 could not be downloaded: sha512 checksum mismatch/,
    );
    expect(service.install()).toBe(false);
    expect(readFileSync(installed, 'utf8')).toContain('echo old');
  });

  it('says up to date when the feed has the running version', async () => {
    const same = Buffer.from('#!/bin/sh\n');
    feed = await serveFeed({ '/latest-linux.yml': latestYml('0.1.0', 'Guest-MFA-Inventory-0.1.0.AppImage', same) });
    const { service } = updateServiceFor(feed.url);
    expect(await service.check()).toMatchObject({ status: 'up-to-date', version: null });
    expect(feed.requests).toEqual(['/latest-linux.yml']);
  });

  it('reports a feed without latest-linux.yml as an error in one line', async () => {
    feed = await serveFeed({});
    const { service } = updateServiceFor(feed.url);
    const state = await service.check();
    expect(state.status).toBe('error');
    expect(state.message).toMatch(/^The app could not check for updates: Cannot find channel "latest-linux\.yml"/);
    expect(state.message).not.toContain('\n');
  });

  it('is unsupported when the app runs on Linux but not as an AppImage', async () => {
    delete process.env['APPIMAGE'];
    feed = await serveFeed({});
    const { service } = updateServiceFor(feed.url);
    expect(await service.check()).toMatchObject({ status: 'unsupported' });
    expect(feed.requests).toEqual([]);
  });
});
