/**
 * The atomic write writes the bytes it is given, whatever realm made them: the renderer's tests run the app's
 * services in jsdom, whose Uint8Array is not Node's, and a Buffer from there once reached the file as numbers.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileAtomically, writeTempFile, nodeStoreFs } from '../../../../main/fs/atomic-fs';
import { tempDirs } from '../../../support/temp-dirs';

const dirs = tempDirs('gmi-atomic-');
const tempDir = () => dirs.make();

afterEach(() => dirs.removeAll());

describe('the atomic write', () => {
  it('writes bytes made in another realm as bytes', async () => {
    const foreign = runInNewContext('new Uint8Array([123, 34, 97, 34, 58, 49, 125])') as Uint8Array;
    expect(foreign instanceof Uint8Array).toBe(false);
    const file = path.join(tempDir(), 'cache.json');
    await writeFileAtomically(nodeStoreFs, file, foreign);
    expect(readFileSync(file, 'utf8')).toBe('{"a":1}');
  });

  it('writes a string, bytes, or pieces made as they are written, the same', async () => {
    const dir = tempDir();
    const text = '{"name":"Ünïcødé ✓"}';
    const pieces = function* () {
      const bytes = Buffer.from(text);
      for (let at = 0; at < bytes.length; at += 5) yield bytes.subarray(at, at + 5);
    };
    for (const data of [text, Buffer.from(text), pieces()]) {
      const temp = await writeTempFile(nodeStoreFs, path.join(dir, 'data.json'), data);
      expect(readFileSync(temp, 'utf8')).toBe(text);
    }
  });
});
