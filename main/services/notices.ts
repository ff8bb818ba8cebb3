/**
 * The notices main shows until the user dismisses them (a damaged file set aside, sign-in not remembered, a
 * partial tenant listing, …): memory only, one list for the whole app. Every change is reported, so the
 * renderer's state follows.
 */
import type { Notice } from '../../shared/model';

export type NoticeInput = Omit<Notice, 'id' | 'at'>;

export class NoticeBoard {
  private list: Notice[];
  private added = 0;

  constructor(
    initial: readonly Notice[],
    private readonly now: () => Date,
    private readonly changed: () => void,
  ) {
    this.list = [...initial];
  }

  /** The notices, oldest first. */
  get all(): Notice[] {
    return [...this.list];
  }

  /** Adds a notice of its own. */
  add(notice: NoticeInput): void {
    this.list = [
      ...this.list,
      { ...notice, id: `n${this.now().getTime().toString(36)}-${(this.added += 1)}`, at: this.now().toISOString() },
    ];
    this.changed();
  }

  /** Adds the notice with this id, or replaces it (one lasting notice per subject). */
  set(id: string, notice: NoticeInput): void {
    const full: Notice = { ...notice, id, at: this.now().toISOString() };
    const index = this.list.findIndex((n) => n.id === id);
    this.list = index >= 0 ? this.list.map((n, i) => (i === index ? full : n)) : [...this.list, full];
    this.changed();
  }

  /** Removes the notice with this id (the user dismissed it, or its subject is gone); absent ids are ignored. */
  clear(id: string): void {
    if (!this.list.some((n) => n.id === id)) return;
    this.list = this.list.filter((n) => n.id !== id);
    this.changed();
  }
}
