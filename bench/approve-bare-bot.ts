/**
 * The baseline for bench/approve.ts: restify + botbuilder's CloudAdapter in local
 * mode (no MicrosoftAppId, so no token check, as the bot runs locally) and a handler that
 * answers every adaptiveCard/action invoke with the same fixed card. No storage, no
 * middleware, no outbox: what botbuilder itself costs per click.
 *
 *   PORT=3979 node --import tsx bench/approve-bare-bot.ts
 */
import restify, { type Request, type Response } from 'restify';
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication, type InvokeResponse, type TurnContext } from 'botbuilder';

const CARD = {
  type: 'AdaptiveCard',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: '1.4',
  body: [
    { type: 'TextBlock', text: 'You approved this request. The requester has been told.', wrap: true, weight: 'Bolder' },
    { type: 'FactSet', facts: [{ title: 'Status', value: 'Approved' }] },
  ],
};

class BareBot extends ActivityHandler {
  protected override async onInvokeActivity(_context: TurnContext): Promise<InvokeResponse> {
    return { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: CARD } };
  }
}

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
const bot = new BareBot();
const server = restify.createServer({ name: 'bare-botbuilder' });
server.use(restify.plugins.bodyParser());
server.post('/api/messages', async (req: Request, res: Response) => {
  await adapter.process(req, res, (context) => bot.run(context));
});
server.get('/healthz', async (_req: Request, res: Response) => {
  res.send(200, { status: 'ok' });
});
server.listen(Number(process.env.PORT ?? 3979), '127.0.0.1', () => process.stdout.write(`bare bot ready on ${server.url}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
