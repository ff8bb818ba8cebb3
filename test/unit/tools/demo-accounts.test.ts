/**
 * The demo for a newcomer (issue 25): with `--auto`, "Add another account" signs in the scenario's next user (so
 * two accounts can be tried), and a save of the same file again takes a new name instead of overwriting the first.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startDemo } from '../../../tools/demo';
import { freeFileName } from '../../../tools/node-env';

const twoUsers = path.resolve(__dirname, '../../scenarios/two-users.json');

describe('the demo with two users', () => {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });

  it('signs in the first user, then the second at "Add another account"', async () => {
    const exports = mkdtempSync(path.join(tmpdir(), 'gmi-demo-accounts-'));
    made.push(exports);
    const demo = await startDemo({ scenario: twoUsers, port: 0, auto: true, exports }, () => undefined);
    try {
      const first = await demo.services.handlers.signIn(undefined);
      const second = await demo.services.handlers.signIn(undefined);
      expect(second.accountId).not.toBe(first.accountId);
      const names = demo.services.store.data().accounts.map((a) => a.username);
      expect(names).toEqual(['adele@contoso.example', 'alex@fourthcoffee.example']);
    } finally {
      await demo.stop();
    }
  }, 60_000);

  it('saves the same file again under the next free name', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gmi-free-name-'));
    made.push(dir);
    expect(freeFileName(dir, 'fabrikam.example-trust.eml')).toBe(path.join(dir, 'fabrikam.example-trust.eml'));
    writeFileSync(path.join(dir, 'fabrikam.example-trust.eml'), 'first');
    expect(freeFileName(dir, 'fabrikam.example-trust.eml')).toBe(path.join(dir, 'fabrikam.example-trust (2).eml'));
    writeFileSync(path.join(dir, 'fabrikam.example-trust (2).eml'), 'second');
    expect(freeFileName(dir, 'fabrikam.example-trust.eml')).toBe(path.join(dir, 'fabrikam.example-trust (3).eml'));
  });
});
