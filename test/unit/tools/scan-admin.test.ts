/** `npm run scan -- --admin`: the partner-admin report of the sample resource tenant, headless. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArguments, runScan } from '../../../tools/scan';

const SCENARIO = path.resolve(__dirname, '../../scenarios/resource-tenant-admin.json');

describe('the headless admin report', () => {
  it('prints a line per home organisation with its registrations here and the change', async () => {
    const out: string[] = [];
    await runScan(parseArguments(['--scenario', SCENARIO, '--admin']), (text) => out.push(text));
    const lines = out.join('\n').split('\n');
    expect(lines[0]).toBe('Guests of Woodgrove Bank by home organisation (sign-ins: last 30 days)');
    const contoso = lines.find((line) => line.startsWith('Contoso '))!;
    expect(contoso).toMatch(
      /guests 2 {2}registered here 2 {2}home claim 0 {2}MFA here 4 {2}MFA not trusted \(from default\)/,
    );
    expect(contoso).toContain('-> PATCH https://graph.microsoft.com/v1.0/policies/crossTenantAccessPolicy/partners/');
    expect(lines.find((line) => line.startsWith('Fabrikam '))).toMatch(
      /home claim 3 .*MFA trusted \(partner setting\)/,
    );
  }, 60_000);

  it('prints the report export with --json', async () => {
    const out: string[] = [];
    await runScan(parseArguments(['--scenario', SCENARIO, '--admin', '--json']), (text) => out.push(text));
    const report = JSON.parse(out.join('\n')) as { format: string; organisations: { tenantId: string }[] };
    expect(report.format).toBe('guest-mfa-inventory/admin-report');
    expect(report.organisations).toHaveLength(4);
  }, 60_000);
});
