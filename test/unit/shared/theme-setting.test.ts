/**
 * Settings → Appearance (issue 25): the theme is kept in the settings; a data file from before it loads with the
 * system's colours, and changing another setting never resets the theme.
 */
import { describe, expect, it } from 'vitest';
import { settingsPatchSchema } from '../../../shared/ipc/contract';
import { DEFAULT_SETTINGS } from '../../../shared/model';
import { settingsFieldSchemas, settingsSchema } from '../../../shared/settings';

describe('the theme setting', () => {
  it('loads as System from a file written before it existed', () => {
    const { theme: _dropped, ...old } = { ...DEFAULT_SETTINGS, theme: 'dark' };
    expect(settingsSchema.parse(old).theme).toBe('system');
    expect(settingsFieldSchemas.theme.parse(undefined)).toBe('system');
  });

  it('is not reset by a change of another setting', () => {
    const saved = { ...DEFAULT_SETTINGS, theme: 'dark' as const };
    const patch = settingsSchema.partial().parse({ senderName: 'Adele' });
    expect('theme' in patch).toBe(false);
    expect(settingsSchema.parse({ ...saved, ...patch }).theme).toBe('dark');
  });

  it('accepts System, Light and Dark from the window, nothing else', () => {
    for (const theme of ['system', 'light', 'dark']) expect(settingsPatchSchema.parse({ theme })).toEqual({ theme });
    expect(() => settingsPatchSchema.parse({ theme: 'sepia' })).toThrow();
  });
});
