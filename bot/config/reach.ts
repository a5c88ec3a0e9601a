import { z } from 'zod';
import { emptyToUndefined, guid, type Problem } from './env-values';

/** Reaching people who never opened the bot: the fallback service URL, and Graph installation if permitted. */
export interface ReachConfig {
  /** Create 1:1 chats with people who never opened the bot (TEAMS_CREATE_CHATS). */
  createChats: boolean;
  defaultServiceUrl?: string;
  graphInstall?: { baseUrl: string; catalogId: string };
  /** Microsoft Graph (a loopback stand-in in tests): the settings card looks up the names of people picked there. */
  graphBaseUrl: string;
}

export const ReachEnvSchema = z.object({
  /**
   * Whether the bot creates a 1:1 chat with someone who never opened it (Teams allows it
   * where the app is installed for them). Defaults to true with credentials and false in
   * local mode: the Agents Playground has no org-wide installs, and runs one service per
   * person, so a chat created through one would show in someone else's Playground.
   */
  TEAMS_CREATE_CHATS: z.preprocess(emptyToUndefined, z.enum(['true', 'false'], 'TEAMS_CREATE_CHATS must be true or false').optional()),
  /**
   * The Teams service URL to create a 1:1 chat through in a tenant the bot has no
   * conversation in yet (otherwise the tenant's most recent conversation's is used), e.g.
   * https://smba.trafficmanager.net/uk/ for a UK tenant.
   */
  TEAMS_SERVICE_URL: z.preprocess(
    emptyToUndefined,
    z.string().url('TEAMS_SERVICE_URL must be a Teams service URL such as https://smba.trafficmanager.net/uk/').optional(),
  ),
  /**
   * true when the council has granted the bot the Graph application permission
   * TeamsAppInstallation.ReadWriteSelfForUser.All (admin consent): the bot then installs the
   * app for someone it must reach who does not have it. Needs TEAMS_APP_CATALOG_ID.
   */
  GRAPH_INSTALL_APP_FOR_USERS: z.preprocess(emptyToUndefined, z.enum(['true', 'false'], 'GRAPH_INSTALL_APP_FOR_USERS must be true or false').default('false')),
  /** The app's id in the council's Teams app catalog (Teams admin centre → Manage apps → the app → App ID; not the manifest id of a custom upload). */
  TEAMS_APP_CATALOG_ID: z.preprocess(emptyToUndefined, guid('TEAMS_APP_CATALOG_ID').optional()),
  /** Microsoft Graph's address; only tests point it elsewhere (a loopback stand-in, in local mode). */
  GRAPH_BASE_URL: z.preprocess(emptyToUndefined, z.string().url('GRAPH_BASE_URL must be a URL').default('https://graph.microsoft.com')),
});
export type ReachEnv = z.infer<typeof ReachEnvSchema>;

export function checkReach(env: ReachEnv & { MicrosoftAppId?: string }, problem: Problem): void {
  if (env.GRAPH_INSTALL_APP_FOR_USERS === 'true' && !env.TEAMS_APP_CATALOG_ID) {
    problem('TEAMS_APP_CATALOG_ID', 'is required when GRAPH_INSTALL_APP_FOR_USERS=true: the app to install is named by its id in the Teams app catalog');
  }
  const graphHost = (() => {
    try {
      return new URL(env.GRAPH_BASE_URL);
    } catch {
      return undefined;
    }
  })();
  const loopback = graphHost !== undefined && ['127.0.0.1', 'localhost', '[::1]'].includes(graphHost.hostname);
  if (graphHost && graphHost.protocol !== 'https:' && !loopback) problem('GRAPH_BASE_URL', 'must be https');
  // In local mode Graph calls carry no token: only ever to a stand-in on this machine.
  if (!env.MicrosoftAppId && env.GRAPH_INSTALL_APP_FOR_USERS === 'true' && !loopback) {
    problem('GRAPH_INSTALL_APP_FOR_USERS', 'needs bot credentials (MicrosoftAppId): local mode has no token for Microsoft Graph');
  }
}

export function reachConfig(env: ReachEnv, localMode: boolean): ReachConfig {
  return {
    createChats: env.TEAMS_CREATE_CHATS ? env.TEAMS_CREATE_CHATS === 'true' : !localMode,
    defaultServiceUrl: env.TEAMS_SERVICE_URL,
    graphBaseUrl: env.GRAPH_BASE_URL,
    ...(env.GRAPH_INSTALL_APP_FOR_USERS === 'true' && env.TEAMS_APP_CATALOG_ID
      ? { graphInstall: { baseUrl: env.GRAPH_BASE_URL, catalogId: env.TEAMS_APP_CATALOG_ID } }
      : {}),
  };
}
