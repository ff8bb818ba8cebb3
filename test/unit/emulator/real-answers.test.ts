/**
 * The recorded real answers (test/fixtures/real-answers): each file is what was published, and each reaches the
 * real MSAL through the emulator's replay unchanged, with the fields a user must be shown (AADSTS code, error,
 * suberror, correlation id, trace id, timestamp, the claims and their policy ids).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InteractionRequiredAuthError, ServerError, type AccountInfo } from '@azure/msal-node';
import { loadScenario, parseScenario, type Emulator } from '../../../tools/entra-emulator';
import {
  evidenceOf,
  policyIdsOf,
  REAL_ANSWERS,
  realAnswer,
  realAnswersScenario,
  replayTenant,
} from '../../fixtures/real-answers';
import {
  createClient,
  failureOf,
  getJson,
  GRAPH_DEFAULT,
  probe,
  scenarioFile,
  signIn,
  start,
  type Client,
} from './harness';

const byChannel = (channel: string) => REAL_ANSWERS.filter((fixture) => fixture.channel === channel);

describe('the fixture files', () => {
  it('hold every numbered answer of the evidence, each with a source or a note saying why none', () => {
    const numbered = REAL_ANSWERS.map((fixture) => fixture.id.split('-')[0]);
    for (const b of [
      'b01',
      'b03',
      'b05',
      'b06',
      'b07',
      'b08',
      'b09',
      'b10',
      'b11',
      'b12',
      'b14',
      'b15',
      'b17',
      'b18',
      'b19',
      'b20',
    ]) {
      expect(numbered).toContain(b);
    }
    for (const fixture of REAL_ANSWERS) {
      expect(fixture.source === null ? fixture.note : fixture.source).toBeTruthy();
    }
  });

  it.each(REAL_ANSWERS.filter((fixture) => !fixture.reconstructed).map((fixture) => [fixture.id, fixture] as const))(
    '%s: the body to replay is the published JSON, parsed',
    (_id, fixture) => {
      expect(fixture.body).toEqual(JSON.parse(fixture.verbatim));
    },
  );

  it.each(REAL_ANSWERS.filter((fixture) => fixture.reconstructed).map((fixture) => [fixture.id, fixture] as const))(
    '%s: a reconstructed body takes its code and ids from the published text and says what it inferred',
    (_id, fixture) => {
      expect(fixture.note).toMatch(/Inferred|Taken from it|Not published/);
      const evidence = evidenceOf(fixture);
      if (evidence.aadsts !== null) expect(fixture.verbatim).toContain(String(evidence.aadsts));
      for (const id of [evidence.traceId, evidence.correlationId, evidence.timestamp]) {
        if (id) expect(fixture.verbatim).toContain(id);
      }
      if (fixture.channel === 'graph') expect(fixture.verbatim).toContain(evidence.error);
    },
  );

  it('reads policy ids from every spelling of a claims challenge', () => {
    expect(evidenceOf(realAnswer('b01-50076-invalid-grant-capolids')).policyIds).toEqual(['GUID']);
    expect(evidenceOf(realAnswer('b08-53003-invalid-grant-message-only-capolids')).policyIds).toEqual([
      '01234567-89ab-cdef-fedc-ba9876543210',
    ]);
    expect(evidenceOf(realAnswer('x01-50079-polids-on-behalf-of')).policyIds).toEqual([
      '9ab03e19-ed42-4168-b6b7-7001fb3e933a',
    ]);
    expect(policyIdsOf('{"access_token":{"polids":{"essential":true,"Values":["a"]}}}')).toEqual(['a']);
    expect(policyIdsOf('not json')).toEqual([]);
  });

  it('test/scenarios/real-answers.json is realAnswersScenario(): one replaying tenant per fixture', async () => {
    const committed = await loadScenario(scenarioFile('real-answers.json'));
    expect(committed).toEqual(parseScenario(realAnswersScenario()));
    expect(Object.keys(committed.tenants)).toHaveLength(REAL_ANSWERS.length + 1);
  });
});

describe('each recorded answer through msal-node', () => {
  let emulator: Emulator;
  let client: Client;
  let home: AccountInfo;

  beforeAll(async () => {
    emulator = await start(scenarioFile('real-answers.json'));
    client = createClient(emulator);
    home = (await signIn(client)).account!;
  });
  afterAll(async () => {
    client?.close();
    await emulator?.close();
  });

  it.each(byChannel('token').map((fixture) => [fixture.id, fixture] as const))(
    '%s: a silent probe fails with the recorded code, error, suberror and ids',
    async (_id, fixture) => {
      const evidence = evidenceOf(fixture);
      const error = await failureOf(probe(client, home, fixture.id, [GRAPH_DEFAULT], { forceRefresh: true }));
      expect(error instanceof InteractionRequiredAuthError || error instanceof ServerError).toBe(true);
      expect(error.errorCode).toBe(evidence.error);
      expect(String(error.errorNo)).toBe(String(evidence.aadsts));
      expect(error.subError || null).toBe(evidence.subError);
      if (evidence.correlationId) expect(error.correlationId).toBe(evidence.correlationId);
      if (error instanceof InteractionRequiredAuthError) {
        expect(error.claims || null).toBe(evidence.claims);
        expect(error.traceId || null).toBe(evidence.traceId);
        expect(error.timestamp || null).toBe(evidence.timestamp);
        expect(error.errorMessage).toBe(fixture.body.error_description);
      } else {
        // ServerError keeps trace id and timestamp in its message; it has no claims property.
        expect(error).toBeInstanceOf(ServerError);
        if (evidence.traceId) expect(error.errorMessage).toContain(`Trace ID: ${evidence.traceId}`);
        if (evidence.timestamp) expect(error.errorMessage).toContain(`Timestamp: ${evidence.timestamp}`);
        expect(error.errorMessage).toContain(String(fixture.body.error_description));
      }
    },
  );

  it('sorts the answers as MSAL does: interaction required exactly where error or suberror says so', () => {
    const interaction = byChannel('token')
      .filter((fixture) => {
        const { error, subError } = evidenceOf(fixture);
        return error === 'interaction_required' || subError !== null;
      })
      .map((fixture) => fixture.id.split('-')[0]);
    expect(interaction).toEqual(['b01', 'b03', 'b05', 'b06', 'b07', 'b08', 'b09', 'b10', 'b11', 'x01']);
  });

  it.each(byChannel('authorize').map((fixture) => [fixture.id, fixture] as const))(
    '%s: "Sign in to this tenant" fails with the recorded authorize error',
    async (_id, fixture) => {
      const evidence = evidenceOf(fixture);
      const error = await failureOf(signIn(client, { tenant: fixture.id, scopes: [GRAPH_DEFAULT] }));
      expect(error.errorCode).toBe(evidence.error);
      expect(error.errorMessage).toContain(`AADSTS${evidence.aadsts}:`);
    },
  );

  it.each(byChannel('graph').map((fixture) => [fixture.id, fixture] as const))(
    '%s: the probe works and Graph answers the recorded status and body',
    async (_id, fixture) => {
      const token = await probe(client, home, fixture.id);
      const answer = await getJson(client, `https://graph.microsoft.com/v1.0${fixture.graphPath}`, token.accessToken);
      expect(answer.status).toBe(fixture.status);
      expect(answer.body).toEqual(fixture.body);
    },
  );
});

describe('replayTenant', () => {
  it('places a fixture in a scenario of your own; the replay wins over the model', async () => {
    const fixture = realAnswer('b03-50079-interaction-required-no-claims');
    const emulator = await start({
      name: 'one',
      user: { upn: 'kim@home.example', homeTenant: 'home' },
      tenants: {
        home: { id: '11111111-2222-4333-8444-555555555555', displayName: 'Home', defaultDomain: 'home.example' },
        fabrikam: replayTenant(fixture, {
          id: '21111111-2222-4333-8444-555555555555',
          displayName: 'Fabrikam',
          defaultDomain: 'fabrikam.example',
          inboundTrust: { mfa: true },
        }),
      },
    });
    const client = createClient(emulator);
    try {
      const home = (await signIn(client)).account!;
      const error = await failureOf(probe(client, home, 'fabrikam'));
      expect(error).toBeInstanceOf(InteractionRequiredAuthError);
      expect(error.correlationId).toBe('87014a28-6bc1-4413-8592-ec1aac63646e');
    } finally {
      client.close();
      await emulator.close();
    }
  });
});
