/**
 * The reliability suite's figures: each test adds what it tried and what it found, and the file prints one
 * summary line at its end (`[reliability] <file>: bad inputs tried 19, faults injected 12, …`), so a run's output
 * states how much was exercised, not only that it passed.
 */
import { afterAll } from 'vitest';

export const FIGURE_NAMES = {
  badInputs: 'bad inputs tried',
  faults: 'faults injected',
  writesConfirmed: 'writes confirmed',
  writesFound: 'writes found after',
  writesMissingNamed: 'writes missing, each kind named in a notice',
  writesMissingSilently: 'writes missing without a word',
  copiesKeptAside: 'damaged files kept aside and named',
  tenantsListed: 'tenants listed',
  tenantsStored: 'tenants stored',
  listingPages: 'listing pages read',
  processes: 'processes started',
  refusals: 'second writers refused',
  tokensSought: 'tokens looked for',
  echoes: 'echoed requests',
  textsSearched: 'files and texts searched',
  tokensFound: 'tokens found',
} as const;
export type FigureName = keyof typeof FIGURE_NAMES;

/** Counters for one test file; prints them after the file's last test. */
export function reliabilityFigures(file: string) {
  const counts = new Map<FigureName, number>();
  afterAll(() => {
    const parts = [...counts].map(([name, value]) => `${FIGURE_NAMES[name]} ${value}`);
    console.log(`[reliability] ${file}: ${parts.join(', ') || 'nothing counted'}`);
  });
  return {
    add(name: FigureName, amount = 1): void {
      counts.set(name, (counts.get(name) ?? 0) + amount);
    },
    get(name: FigureName): number {
      return counts.get(name) ?? 0;
    },
  };
}
