/**
 * The renderer tests wait on conditions (`findBy…`, `waitFor`), never on time. Testing Library gives up on a
 * condition after 1 s by default, which a busy 2-core machine misses while a Fluent UI view renders for the first
 * time. The limit here is how long a condition may take to come true, not a pause: a test still moves on the moment
 * it holds, and a condition that never holds still fails, within the test's own timeout.
 */
import { configure } from '@testing-library/react';

configure({ asyncUtilTimeout: 20_000 });
