/**
 * The views the components show, read from the store's snapshot through its view cache (shared/selectors.ts):
 * zustand selectors, so a component re-renders only when its view changes. They live with main's state in
 * state/snapshot.ts; this module keeps the name the components import.
 */
export { checklistOf, countersOf, entriesOf, summaryOf, trustCandidateCountOf } from './state/snapshot';
