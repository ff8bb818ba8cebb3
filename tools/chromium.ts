/**
 * Launches Debian's Chromium through playwright-core with the flags this machine needs, always headless. Where
 * Debian's `chromium-headless-shell` is installed it is the one launched: the same Blink (the e2e screenshots came
 * out byte for byte the same) without the full browser around it, at about half the CPU time of `chromium
 * --headless` on the e2e tests. `CHROMIUM_PATH` names another binary.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const HEADLESS_SHELL = '/usr/bin/chromium-headless-shell';

export const CHROMIUM_PATH =
  process.env['CHROMIUM_PATH'] ?? (existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : '/usr/bin/chromium');

export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: run "npm run setup:chromium" (apt-get install -y chromium chromium-headless-shell).`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}
