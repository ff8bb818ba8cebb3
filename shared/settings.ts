/**
 * The user's settings: their limits and the check of each field, one table for the IPC contract (what the
 * renderer may send), the store (what it keeps and loads) and the settings form (what it says and offers).
 */
import { z } from 'zod';
import { isGuid } from './identifiers';
import type { Settings, ThemeChoice } from './model';

/** The bounds of each numeric setting and the longest sender name. */
export const SETTINGS_LIMITS = {
  concurrency: { min: 1, max: 32 },
  probeTimeoutSeconds: { min: 5, max: 120 },
  senderName: { max: 200 },
} as const;

/** The sentence a form shows when a field is out of bounds. */
export const SETTINGS_MESSAGES = {
  clientId: 'Enter an application (client) id: a GUID like 04b07795-8ddb-461a-bbee-02f9e1bf7b46.',
  concurrency: `Enter a whole number from ${SETTINGS_LIMITS.concurrency.min} to ${SETTINGS_LIMITS.concurrency.max}.`,
  probeTimeoutSeconds: `Enter a whole number of seconds from ${SETTINGS_LIMITS.probeTimeoutSeconds.min} to ${SETTINGS_LIMITS.probeTimeoutSeconds.max}.`,
  senderName: `Use at most ${SETTINGS_LIMITS.senderName.max} characters.`,
  theme: 'Choose System, Light or Dark.',
  useBroker: 'Turn the sign-in broker on or off.',
} as const satisfies Record<keyof Settings, string>;

const limits = SETTINGS_LIMITS;

/** The theme choices, in the order Settings offers them. */
export const THEMES = ['system', 'light', 'dark'] as const satisfies readonly ThemeChoice[];

/** One schema per field (trimmed where text), so a damaged file loses only the fields that are wrong. */
export const settingsFieldSchemas = {
  clientId: z.string().trim().refine(isGuid, 'must be an application (client) id, a GUID'),
  concurrency: z.int().min(limits.concurrency.min).max(limits.concurrency.max),
  probeTimeoutSeconds: z.int().min(limits.probeTimeoutSeconds.min).max(limits.probeTimeoutSeconds.max),
  senderName: z.string().trim().max(limits.senderName.max),
  // Absent in data files written before the setting: they load with the system's colours. (Not `.default()`:
  // zod applies a default inside `.partial()` too, and a change of another setting would reset the theme.)
  theme: z
    .enum(THEMES)
    .optional()
    .transform((value): ThemeChoice => value ?? 'system'),
  // Absent in data files written before the setting: on, as on a new install (not `.default()`, as above).
  useBroker: z
    .boolean()
    .optional()
    .transform((value) => value ?? true),
} satisfies { [K in keyof Settings]: z.ZodType<Settings[K]> };

/** Whole settings, as the store keeps them. */
export const settingsSchema = z.object(settingsFieldSchemas);

/** A whole number within `min`..`max` typed into a form field, or null. */
export function wholeNumberIn(value: string, bounds: { min: number; max: number }): number | null {
  if (!/^\s*\d+\s*$/.test(value)) return null;
  const n = Number(value);
  return n >= bounds.min && n <= bounds.max ? n : null;
}

/** The settings form's fields, as typed. */
export interface SettingsForm {
  clientId: string;
  concurrency: string;
  probeTimeoutSeconds: string;
  senderName: string;
}

export type SettingsFormErrors = Partial<Record<keyof SettingsForm, string>>;

/** The form's fields for saved settings. */
export function settingsForm(settings: Settings): SettingsForm {
  return {
    clientId: settings.clientId,
    concurrency: String(settings.concurrency),
    probeTimeoutSeconds: String(settings.probeTimeoutSeconds),
    senderName: settings.senderName,
  };
}

/** Checks the form against the limits above; the errors per field and, when there are none, the patch to send. */
export function validateSettings(form: SettingsForm): { errors: SettingsFormErrors; patch: Partial<Settings> | null } {
  const errors: SettingsFormErrors = {};
  if (!isGuid(form.clientId.trim())) errors.clientId = SETTINGS_MESSAGES.clientId;
  const concurrency = wholeNumberIn(form.concurrency, limits.concurrency);
  if (concurrency === null) errors.concurrency = SETTINGS_MESSAGES.concurrency;
  const timeout = wholeNumberIn(form.probeTimeoutSeconds, limits.probeTimeoutSeconds);
  if (timeout === null) errors.probeTimeoutSeconds = SETTINGS_MESSAGES.probeTimeoutSeconds;
  if (form.senderName.trim().length > limits.senderName.max) errors.senderName = SETTINGS_MESSAGES.senderName;
  if (concurrency === null || timeout === null || Object.keys(errors).length > 0) return { errors, patch: null };
  return {
    errors,
    patch: {
      clientId: form.clientId.trim(),
      concurrency,
      probeTimeoutSeconds: timeout,
      senderName: form.senderName.trim(),
    },
  };
}
