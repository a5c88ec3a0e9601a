import { CloudAdapter, ConfigurationBotFrameworkAuthentication, ConfigurationServiceClientCredentialFactory, type TurnContext } from 'botbuilder';
import type { AuthConfig } from './config';
import { errorResponse } from './invoke/invoke-response';
import { turnLog } from './turn-log';
import type { Logger } from './logger';

/**
 * CloudAdapter with the Bot Framework's own JWT validation. With no MicrosoftAppId the
 * adapter accepts unauthenticated requests: config refuses that outside local mode.
 */
export function createAdapter(auth: AuthConfig, log: Logger): CloudAdapter {
  const credentials = new ConfigurationServiceClientCredentialFactory({
    MicrosoftAppId: auth.MicrosoftAppId,
    MicrosoftAppPassword: auth.MicrosoftAppPassword,
    MicrosoftAppType: auth.MicrosoftAppType,
    MicrosoftAppTenantId: auth.MicrosoftAppTenantId,
    CertificateThumbprint: auth.CertificateThumbprint,
    CertificatePrivateKey: auth.CertificatePrivateKey,
  });
  const authentication = new ConfigurationBotFrameworkAuthentication(
    {
      MicrosoftAppId: auth.MicrosoftAppId,
      MicrosoftAppTenantId: auth.MicrosoftAppTenantId,
      ToBotFromChannelOpenIdMetadataUrl: auth.ToBotFromChannelOpenIdMetadataUrl,
    },
    credentials,
  );
  const adapter = new CloudAdapter(authentication);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    const l = turnLog(context) ?? log;
    l.error({ err: error, event: 'turn.error' }, 'unhandled error in a turn');
    const correlationId = context.turnState.get('correlationId') as string | undefined;
    try {
      if (context.activity.type === 'invoke') {
        await context.sendActivity({
          type: 'invokeResponse',
          value: errorResponse(500, 'INTERNAL', `Something went wrong and nothing was changed. Please try again (reference ${correlationId ?? 'unknown'}).`),
        });
      } else if (context.activity.type === 'message') {
        await context.sendActivity(`Sorry, something went wrong on my side. Nothing you typed has been lost; please try again. (Reference ${correlationId ?? 'unknown'}.)`);
      }
    } catch (sendError) {
      l.error({ err: sendError, event: 'turn.error_reply_failed' }, 'could not tell the user about an error');
    }
  };
  return adapter;
}
