/**
 * The unit and renderer files share one module registry per worker (vitest.config.mts, `isolate: false`), so a
 * `vi.mock` in a file another file's imports reach first would not take: the mocked module keeps its real binding
 * and the test counts nothing (entries-derivation saw 0 derivations instead of 9 before it was isolated). Every
 * file that replaces a module is named `*.isolated.test.ts(x)`, which runs it in a registry of its own.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../..');

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(full);
    return /\.test\.tsx?$/.test(entry.name) && !entry.name.endsWith('.e2e.test.ts') ? [full] : [];
  });
}

const MOCKS_A_MODULE = /\bvi\s*\.\s*(mock|doMock|unmock|doUnmock|resetModules)\s*\(/;

describe('test files that replace a module', () => {
  const files = testFiles(path.join(root, 'test'));

  it('finds the test files', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it('are the isolated ones, run in a module registry of their own', () => {
    const shared = files.filter((file) => !/\.isolated\.test\.tsx?$/.test(file));
    const mocking = shared.filter((file) => MOCKS_A_MODULE.test(readFileSync(file, 'utf8')));
    expect(mocking.map((file) => path.relative(root, file))).toEqual([]);
  });

  it('the isolated ones do replace a module (else they should share the registry)', () => {
    const isolated = files.filter((file) => /\.isolated\.test\.tsx?$/.test(file));
    expect(isolated.length).toBeGreaterThan(0);
    for (const file of isolated) expect(readFileSync(file, 'utf8'), path.relative(root, file)).toMatch(MOCKS_A_MODULE);
  });
});
