/**
 * The entries slice: the user's answers about their Authenticator entries (ticks, "I have this entry"), the
 * phone-change checklist's progress, hand-made entries and the checklist PDF. The entries and the checklist
 * themselves are views of main's state (snapshot.ts `entriesOf`, `checklistOf`).
 */
import type { IpcResult } from '../../../shared/ipc/contract';
import type { ChecklistStepId, EntryAnswer, ManualEntry } from '../../../shared/model';
import { callApi, savedWhere, type Kit } from './kit';
import { checklistOf, entriesOf, type SnapshotSlice } from './snapshot';
import type { SessionSlice } from './session';
import type { UiSlice } from './ui';

export interface EntriesSlice {
  setEntryTicked(key: string, ticked: boolean): Promise<void>;
  /** "I have this entry in Authenticator": yes, no, not sure, or null to take the answer back. */
  setEntryConfirmation(key: string, answer: EntryAnswer | null): Promise<boolean>;
  setChecklistStep(key: string, step: ChecklistStepId, done: boolean): Promise<void>;
  addManualEntry(input: { organisation: string; label: string; note: string }): Promise<IpcResult<ManualEntry>>;
  removeManualEntry(id: string): Promise<void>;
  exportChecklistPdf(): Promise<void>;
}

type EntriesNeeds = SnapshotSlice & SessionSlice & UiSlice;

export function createEntriesSlice(kit: Kit<EntriesNeeds>): EntriesSlice {
  const { api } = kit;
  return {
    async setEntryTicked(key, ticked) {
      const result = await kit.call('Could not save the tick', () => api.setEntryTicked({ key, ticked }));
      if (!result.ok) return;
      await kit.untilState((s) => entriesOf(s).find((e) => e.key === key)?.ticked === ticked);
    },
    async setEntryConfirmation(key, answer) {
      const result = await kit.call('Could not save your answer', () => api.setEntryConfirmation({ key, answer }));
      return result.ok;
    },
    async setChecklistStep(key, step, done) {
      const result = await kit.call('Could not save your progress', () => api.setChecklistStep({ key, step, done }));
      if (!result.ok) return;
      await kit.untilState(
        (s) =>
          (s.snapshot?.checklist[key]?.[step] === true) === done ||
          // A remove-only item reads an old `remove-old-device` tick as its `delete-entry` step.
          checklistOf(s)
            .find((i) => i.entryKey === key)
            ?.steps.find((x) => x.id === step)?.done === done,
      );
    },
    async addManualEntry(input) {
      const result = await callApi(() => api.addManualEntry(input));
      if (result.ok) kit.toast('Entry added', result.value.organisation);
      return result;
    },
    async removeManualEntry(id) {
      const result = await kit.call('Could not remove the entry', () => api.removeManualEntry({ id }));
      if (result.ok) kit.toast('Entry removed');
    },
    async exportChecklistPdf() {
      const result = await kit.call('Could not save the PDF', () => api.exportChecklistPdf());
      if (result.ok && result.value.saved) kit.toast('Checklist saved as PDF', savedWhere(result.value.path));
    },
  };
}
