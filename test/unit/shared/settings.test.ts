import { describe, expect, it } from 'vitest';
import { validateSettings } from '../../../shared/settings';

const good = {
  clientId: '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
  concurrency: '8',
  probeTimeoutSeconds: '20',
  senderName: '  Megan Bowen ',
};

describe('settings validation', () => {
  it('turns a valid form into the patch main expects', () => {
    expect(validateSettings(good)).toEqual({
      errors: {},
      patch: {
        clientId: '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
        concurrency: 8,
        probeTimeoutSeconds: 20,
        senderName: 'Megan Bowen',
      },
    });
  });

  it('explains each field that is out of range or malformed, and sends nothing', () => {
    const result = validateSettings({
      clientId: 'my-app',
      concurrency: '33',
      probeTimeoutSeconds: '4.5',
      senderName: '',
    });
    expect(result.patch).toBeNull();
    expect(result.errors.clientId).toMatch(/GUID/);
    expect(result.errors.concurrency).toBe('Enter a whole number from 1 to 32.');
    expect(result.errors.probeTimeoutSeconds).toBe('Enter a whole number of seconds from 5 to 120.');
    expect(result.errors.senderName).toBeUndefined();
  });

  it('accepts the range limits', () => {
    expect(validateSettings({ ...good, concurrency: '1', probeTimeoutSeconds: '120' }).patch).not.toBeNull();
    expect(validateSettings({ ...good, concurrency: '32', probeTimeoutSeconds: '5' }).patch).not.toBeNull();
    expect(validateSettings({ ...good, concurrency: '0' }).errors.concurrency).toBeDefined();
  });
});
