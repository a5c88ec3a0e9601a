import { Verbs } from '../../cards/verbs';
import { BotHarness, OFFICER, TENANT } from '../support/bot-harness';
import { BotProcess } from '../support/bot-process';
import type { CallMatch } from '../support/mock-connector';
import { testConnectionString } from '../support/tables';
import { click, invokeText, PEOPLE, seedAwaitingDecision, storeFor } from '../support/workflow';

const CHANNEL = '19:decisions@thread.tacv2';
// A restart at least this much later (by the workflow clock) finds the dead process's outbox leases (60 s) run out.
const AFTER_LEASES_MS = 70_000;

/**
 * The bot as a real process, killed with SIGKILL between a decision and its notifications
 * (the connector holds the sends, never answering), then started afresh on the same
 * tables with a connector that answers: every notification is delivered exactly once. A
 * held send counts as not delivered.
 */
describe('the bot killed between a decision and its notifications', () => {
  // Builds Teams-shaped activities, owns the connector and names the tables; its own in-process bot is never started.
  const teams = new BotHarness();
  const connector = teams.connector;
  let bot: BotProcess | undefined;
  let restarts = 0;

  const start = async () => {
    bot = await BotProcess.start({
      AZURE_TABLES_CONNECTION_STRING: testConnectionString(),
      TABLE_PREFIX: teams.tablePrefix,
      PORT: '0',
      LOG_LEVEL: 'info',
      SCHEDULE_SCAN_SECONDS: '1',
      TEST_CLOCK_OFFSET_MS: String(restarts++ * AFTER_LEASES_MS),
    });
    return bot;
  };

  const chat = (who: { aadObjectId: string }) => `a:personal-${who.aadObjectId}`;
  const tellsOfficer =
    (text: string): CallMatch =>
    (c) =>
      c.method === 'POST' && c.conversationId === chat(OFFICER) && String(c.body.text).includes(text);
  const channelPostOf =
    (reference: string): CallMatch =>
    (c) =>
      c.method === 'POST' && /\/v3\/conversations\/?$/.test(c.path) && JSON.stringify(c.body).includes(reference);
  const delivered = (match: CallMatch) => connector.calls.filter(match).length;
  const held = (match: CallMatch) => connector.held.filter(match).length;

  async function approve(reference: string): Promise<void> {
    const seeded = await seedAwaitingDecision(teams, reference);
    const result = await bot!.post(
      teams.activity('invoke', PEOPLE.director, { name: 'adaptiveCard/action', value: click(Verbs.approve, reference, seeded.workflow.version) }),
    );
    expect(invokeText(result.body)).toContain('You approved this request');
  }

  /** Waits until the request is published and its outbox is empty, then a little longer for anything extra. */
  async function delivery(reference: string, expected: CallMatch[]): Promise<void> {
    await connector.waitFor(() => expected.every((m) => delivered(m) >= 1), 20_000);
    const { requests, outbox } = storeFor(teams);
    const deadline = Date.now() + 10_000;
    while ((await outbox.pending(reference)).length || (await requests.get(reference))!.workflow.status !== 'published') {
      if (Date.now() > deadline) throw new Error(`${reference}: outbox not drained`);
      await new Promise((r) => setTimeout(r, 100));
    }
    // Two more scans (SCHEDULE_SCAN_SECONDS=1) could only find something to repeat.
    await new Promise((r) => setTimeout(r, 2500));
  }

  beforeAll(async () => {
    await connector.start();
    await start();
    for (const user of Object.values(PEOPLE)) await bot!.post(teams.activity('installationUpdate', user, { action: 'add' }));
    await bot!.post(
      teams.activity('conversationUpdate', OFFICER, {
        membersAdded: [{ id: '28:bot' }],
        conversation: { id: CHANNEL, conversationType: 'channel', tenantId: TENANT },
        channelData: { tenant: { id: TENANT }, team: { id: '19:team@thread.tacv2' }, channel: { id: CHANNEL } },
      }),
    );
  }, 60_000);
  afterAll(async () => {
    await bot?.kill();
    await connector.stop();
  });

  it('killed while sending the first notification: after a restart each is sent once', async () => {
    const reference = 'ECR-2026-5001';
    const approved = tellsOfficer(`${reference} was approved`);
    const published = tellsOfficer(`${reference} was published`);
    connector.hold();
    await approve(reference);
    await connector.waitFor(() => connector.held.some(approved), 10_000);
    await bot!.kill();
    connector.stopHolding();
    expect(delivered(approved)).toBe(0);
    expect((await storeFor(teams).requests.get(reference))!.workflow.status).toBe('approved');

    await start();
    await delivery(reference, [approved, published, channelPostOf(reference)]);
    expect(held(approved)).toBe(1);
    expect(delivered(approved)).toBe(1);
    expect(delivered(published)).toBe(1);
    expect(delivered(channelPostOf(reference))).toBe(1);
  }, 60_000);

  it('killed while posting to the decisions channel, after the approval was told: the post and the rest are sent once, the approval not again', async () => {
    const first = 'ECR-2026-5001';
    const reference = 'ECR-2026-5002';
    const approved = tellsOfficer(`${reference} was approved`);
    const published = tellsOfficer(`${reference} was published`);
    const before = { approved: delivered(tellsOfficer(`${first} was approved`)), published: delivered(tellsOfficer(`${first} was published`)) };
    connector.hold(channelPostOf(reference));
    await approve(reference);
    await connector.waitFor(() => connector.held.some(channelPostOf(reference)), 10_000);
    await bot!.kill();
    connector.stopHolding();
    expect(delivered(approved)).toBe(1);
    expect(delivered(channelPostOf(reference))).toBe(0);

    await start();
    await delivery(reference, [published, channelPostOf(reference)]);
    expect(held(channelPostOf(reference))).toBe(1);
    expect(delivered(channelPostOf(reference))).toBe(1);
    expect(delivered(approved)).toBe(1);
    expect(delivered(published)).toBe(1);
    // The first request's messages were not sent again by either restart.
    expect({ approved: delivered(tellsOfficer(`${first} was approved`)), published: delivered(tellsOfficer(`${first} was published`)) }).toEqual(before);
  }, 60_000);
});
