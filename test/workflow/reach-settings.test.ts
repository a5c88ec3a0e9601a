import { ConfigError, loadConfig } from '../../bot/config';
import { GraphInstallError, HttpGraphInstaller } from '../../bot/proactive/graph-installer';
import { GraphStandIn } from '../support/graph-stand-in';

const TENANT = '00000000-0000-0000-0000-000000000001';
const PERSON = { tenantId: TENANT, aadObjectId: '00000000-0000-0000-0000-0000000000c1' };

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('settings for reaching people', () => {
  it('creates chats by default with credentials, not in local mode (the Playground), unless told', () => {
    expect(loadConfig({}).reach.createChats).toBe(false);
    expect(loadConfig({ TEAMS_CREATE_CHATS: 'true' }).reach.createChats).toBe(true);
    const credentials = {
      MicrosoftAppId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
      MicrosoftAppPassword: 'secret',
      ALLOWED_TENANT_IDS: TENANT,
      SESSION_SECRET: 'x'.repeat(40),
      PUBLIC_BASE_URL: 'https://ecr.example.gov.uk',
    };
    expect(loadConfig(credentials).reach.createChats).toBe(true);
    expect(loadConfig({ ...credentials, TEAMS_CREATE_CHATS: 'false' }).reach.createChats).toBe(false);
  });

  it('installs through Graph only when allowed, with the catalog id, and never unauthenticated outside this machine', () => {
    expect(loadConfig({}).reach.graphInstall).toBeUndefined();
    expect(problems({ GRAPH_INSTALL_APP_FOR_USERS: 'true' }).join('\n')).toContain('TEAMS_APP_CATALOG_ID: is required when GRAPH_INSTALL_APP_FOR_USERS=true');
    expect(problems({ GRAPH_INSTALL_APP_FOR_USERS: 'true', TEAMS_APP_CATALOG_ID: '11111111-2222-3333-4444-555555555555' }).join('\n')).toContain(
      'GRAPH_INSTALL_APP_FOR_USERS: needs bot credentials',
    );
    expect(
      loadConfig({ GRAPH_INSTALL_APP_FOR_USERS: 'true', TEAMS_APP_CATALOG_ID: '11111111-2222-3333-4444-555555555555', GRAPH_BASE_URL: 'http://127.0.0.1:9' })
        .reach.graphInstall,
    ).toEqual({ baseUrl: 'http://127.0.0.1:9', catalogId: '11111111-2222-3333-4444-555555555555' });
    expect(problems({ GRAPH_BASE_URL: 'http://graph.example.com' }).join('\n')).toContain('GRAPH_BASE_URL: must be https');
    expect(problems({ TEAMS_SERVICE_URL: 'not a url' }).join('\n')).toContain('TEAMS_SERVICE_URL must be a Teams service URL');
    expect(loadConfig({ TEAMS_SERVICE_URL: 'https://smba.trafficmanager.net/uk/' }).reach.defaultServiceUrl).toBe('https://smba.trafficmanager.net/uk/');
  });
});

describe('installing the app through Graph', () => {
  const graph = new GraphStandIn();
  beforeAll(() => graph.start());
  afterAll(() => graph.stop());

  const installer = (catalogId = graph.catalogId) =>
    new HttpGraphInstaller({ baseUrl: graph.url, catalogId, token: async (tenantId) => `token-for-${tenantId}` });

  it("posts the catalog binding with an app-only token for the person's tenant; 409 counts as installed", async () => {
    expect(await installer().install(PERSON)).toBe('installed');
    expect(graph.calls.at(-1)).toMatchObject({
      method: 'POST',
      path: `/v1.0/users/${PERSON.aadObjectId}/teamwork/installedApps`,
      authorization: `Bearer token-for-${TENANT}`,
    });
    expect(await installer().install(PERSON)).toBe('already_installed');
  });

  it("reports Graph's refusals with its status and code", async () => {
    await expect(
      installer('99999999-2222-3333-4444-555555555555').install({ ...PERSON, aadObjectId: '00000000-0000-0000-0000-0000000000c9' }),
    ).rejects.toMatchObject({ status: 404, graphCode: 'NotFound' });
    graph.permission = 'denied';
    const refused = await installer()
      .install({ ...PERSON, aadObjectId: '00000000-0000-0000-0000-0000000000c8' })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(GraphInstallError);
    expect(refused).toMatchObject({ status: 403, graphCode: 'Forbidden' });
    expect((refused as Error).message).toContain('TeamsAppInstallation.ReadWriteSelfForUser.All');
    graph.permission = 'granted';
    graph.failNext(429);
    await expect(installer().install({ ...PERSON, aadObjectId: '00000000-0000-0000-0000-0000000000c7' })).rejects.toMatchObject({ status: 429 });
  });

  it('a token that cannot be had is a refusal, not a crash', async () => {
    const noToken = new HttpGraphInstaller({
      baseUrl: graph.url,
      catalogId: graph.catalogId,
      token: async () => Promise.reject(new Error('AADSTS7000215: Invalid client secret provided.')),
    });
    await expect(noToken.install(PERSON)).rejects.toThrow(/No Graph token for tenant .*AADSTS7000215/);
  });
});
