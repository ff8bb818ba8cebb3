/**
 * Seeded generators of bad input for the fuzz suites (test/security): a small PRNG so that a failing case
 * can be replayed from its seed, and the families of values that break naive code — wrong types (including
 * what Electron's structured clone can carry: Date, BigInt, Map, Set, typed arrays), huge strings, deep
 * nesting, prototype-pollution keys as JSON-parsed own keys, control characters and path tricks.
 */

/** A deterministic random source (mulberry32). */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  pick<T>(values: readonly T[]): T;
}

export function seededRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return { next, int, pick: (values) => values[int(values.length)]! };
}

/** An object nested `depth` levels deep (`{ a: { a: … } }`), built without recursion. */
export function deepObject(depth: number): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  let current = root;
  for (let i = 0; i < depth; i += 1) {
    const child: Record<string, unknown> = {};
    current['a'] = child;
    current = child;
  }
  return root;
}

/** An array nested `depth` levels deep (`[[[…]]]`). */
export function deepArray(depth: number): unknown[] {
  const root: unknown[] = [];
  let current = root;
  for (let i = 0; i < depth; i += 1) {
    const child: unknown[] = [];
    current.push(child);
    current = child;
  }
  return root;
}

/** The same JSON nested `depth` levels deep, as text (for parsers that take a body). */
export function deepJsonText(depth: number): string {
  return `${'{"value":['.repeat(depth)}${']}'.repeat(depth)}`;
}

/** Values of every shape; `typeOf` tells which are of the same kind as a valid value. */
export const WRONG_VALUES: readonly unknown[] = [
  0,
  -1,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  2 ** 53,
  true,
  false,
  null,
  '',
  'x',
  [],
  [1, 'two', null],
  [[[]]],
  {},
  { nested: { deeper: { deepest: [{}] } } },
  new Date(0),
  10n,
  new Map([['a', 1]]),
  new Set([1]),
  new Uint8Array([0, 1, 2]),
];

/** A coarse type name: the valid value's kind decides which wrong values are really wrong for a field. */
export function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Objects whose own keys are `__proto__`, `constructor` or `prototype`, the way JSON.parse makes them. */
export const POLLUTION_JSON: readonly string[] = [
  '{"__proto__":{"polluted":"yes"}}',
  '{"__proto__":{"toString":"polluted","isAdmin":true}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '{"prototype":{"polluted":"yes"}}',
  '{"__proto__":[]}',
  '{"__proto__":null}',
];

/** `base` with one extra own key taken from a pollution object (keeps `__proto__` an own property). */
export function withPollutionKey(base: Record<string, unknown>, json: string): Record<string, unknown> {
  const extra = JSON.parse(json) as Record<string, unknown>;
  const fields = Object.entries(base).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`);
  const [key] = Object.keys(extra);
  if (key === undefined) return { ...base };
  fields.push(`${JSON.stringify(key)}:${JSON.stringify(extra[key])}`);
  return JSON.parse(`{${fields.join(',')}}`) as Record<string, unknown>;
}

/** Strings that try to become a path or a file name somewhere. */
export const PATH_TRICKS: readonly string[] = [
  '../../etc/passwd',
  '..\\..\\..\\Windows\\win.ini',
  '/etc/passwd',
  'C:\\',
  'C:\\Windows\\System32\\drivers\\etc\\hosts',
  '\\\\attacker.example\\share\\x',
  'file:///etc/passwd',
  '~/.ssh/id_rsa',
  'name\u0000.eml',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '....//....//etc',
  '.',
  '..',
  'CON',
  'nul.eml',
  `${'very-long-name-'.repeat(400)}.eml`,
];

/** Control, bidi and other invisible characters, alone and inside text. */
export const CONTROL_STRINGS: readonly string[] = [
  '\u0000',
  'line\r\nBcc: attacker@evil.example',
  '\u001b[31mred\u001b[0m',
  'abc\u202edcba',
  'a\u2028b\u2029c',
  '\ud800',
  '\t\v\f',
  '\u0007\u0008',
  '\ufeffbom',
];

const HUGE_SIZES = [1_048_576, 3 * 1_048_576, 10 * 1_048_576] as const;
const hugeCache = new Map<number, string>();

/** A string of 1 to 10 MB (cached per size, so a run allocates each size once). */
export function hugeString(rng: Rng): string {
  const size = rng.pick(HUGE_SIZES);
  let value = hugeCache.get(size);
  if (value === undefined) {
    value = 'A'.repeat(size - 1) + 'Z';
    hugeCache.set(size, value);
  }
  return value;
}

/** Names of the own properties of the built-in prototypes, to prove none was added by a request. */
export function prototypeFingerprint(): string {
  const names = (target: object) => Object.getOwnPropertyNames(target).sort().join(',');
  return [Object.prototype, Array.prototype, Function.prototype, String.prototype].map(names).join('|');
}
