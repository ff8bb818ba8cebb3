/**
 * Where the app's own update stands, as main/update/update-service.ts reports it to the renderer.
 *
 *   idle → checking → up-to-date
 *                   → available → downloading → ready   (then "Restart to update")
 *                   → error (checked again at the next daily check, or when the user asks)
 *
 * `unsupported`: this copy cannot update itself (a development build, or an installation without an update feed).
 */
export const UPDATE_STATUSES = [
  'unsupported',
  'idle',
  'checking',
  'available',
  'downloading',
  'ready',
  'up-to-date',
  'error',
] as const;
export type UpdateStatus = (typeof UPDATE_STATUSES)[number];

export interface UpdateState {
  status: UpdateStatus;
  /** The running version. */
  currentVersion: string;
  /** The version found on the update feed (available, downloading, ready). */
  version: string | null;
  /** Download progress, 0 to 100, while downloading. */
  percent: number | null;
  /** When the feed was last asked (ISO-8601), whatever the answer. */
  checkedAt: string | null;
  /** A sentence for the user when the status is `error` or `unsupported`. */
  message: string | null;
}
