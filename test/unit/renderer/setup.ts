/**
 * The renderer tests wait on conditions (`findBy…`, `waitFor`), never on time. Testing Library gives up on a
 * condition after 1 s by default, which a busy 2-core machine misses while a Fluent UI view renders for the first
 * time. The limit here is how long a condition may take to come true, not a pause: a test still moves on the moment
 * it holds, and a condition that never holds still fails, within the test's own timeout.
 */
import { configure } from '@testing-library/react';
import { vi } from 'vitest';

/** How long a condition may take to come true on a busy machine. */
const CONDITION_LIMIT_MS = 20_000;

configure({ asyncUtilTimeout: CONDITION_LIMIT_MS });

/**
 * `vi.waitFor` has the same 1 s default and no setting for it: give it the same limit unless a test asks for its own
 * (a longer one; the shorter ones were raised to this).
 */
const vitestWaitFor = vi.waitFor;
vi.waitFor = ((callback, options) =>
  vitestWaitFor(
    callback,
    typeof options === 'number'
      ? { timeout: Math.max(options, CONDITION_LIMIT_MS) }
      : { timeout: CONDITION_LIMIT_MS, ...options },
  )) as typeof vi.waitFor;
