import { Verbs } from '../../cards/verbs';
import { decide, newWorkflow, SYSTEM, type Person, type Command } from '../../domain/lifecycle';
import { BotHarness, OFFICER, TENANT } from '../support/bot-harness';
import { BotProcess } from '../support/bot-process';
import { pacingAtConnector, stampCalls } from '../support/connector-times';
import { FaultProxy } from '../support/fault-proxy';
import type { CallMatch } from '../support/mock-connector';
import { testConnectionString } from '../support/tables';
import { click, invokeText, PEOPLE, SEED_004, seedAwaitingDecision, storeFor } from '../support/workflow';

const CHANNEL = '19:decisions@thread.tacv2';
const REQUESTS = 6;
const refs = Array.from({ length: REQUESTS }, (_, i) => `ECR-2026-${6001 + i}`);
/** Approved while storage stops answering for 5 s. */
const paused = ['ECR-2026-6101', 'ECR-2026-6102', 'ECR-2026-6103'];

type User = { aadObjectId: string; name: string };
const actor = (user: User): Person => ({ tenantId: TENANT, aadObjectId: user.aadObjectId, name: user.name });

/**
 * Several instances as one (issue 32): two bot processes on one Azurite and one connector.
 * Comments and approvals are spread across both and each click is delivered to both (Teams
 * re-delivers); one instance is killed while its drain holds a send and started again.
 * Asserted: one decision each, every notification delivered once, no stale decision card,
 * Teams' pacing held at the connector across instances, and the dead instance's work taken
 * over within 10 s.
 */
describe('two instances as one', () => {
  const teams = new BotHarness();
  const connector = teams.connector;
  const at = stampCalls(connector);
  const bots: Array<BotProcess | undefined> = [undefined, undefined];
  /** Every process started, killed ones too, for their logs. */
  const started: BotProcess[] = [];
  // The bots reach storage through a proxy that can stop answering; the test reads Azurite directly.
  const storage = new FaultProxy(testConnectionString());

  const start = async (i: number) => {
    bots[i] = await BotProcess.start({
      AZURE_TABLES_CONNECTION_STRING: storage.connectionString,
      TABLE_PREFIX: teams.tablePrefix,
      PORT: '0',
      LOG_LEVEL: 'info',
      SCHEDULE_SCAN_SECONDS: '1',
    });
    started.push(bots[i]!);
  };
  const bot = (i: number) => bots[i % 2]!;
  const chat = (who: User) => `a:personal-${who.aadObjectId}`;
  const tells =
    (who: User, text: string): CallMatch =>
    (c) =>
      c.method === 'POST' && c.conversationId === chat(who) && String(c.body.text).includes(text);
  const channelPostOf =
    (reference: string): CallMatch =>
    (c) =>
      c.method === 'POST' && /\/v3\/conversations\/?$/.test(c.path) && JSON.stringify(c.body).includes(reference);
  const delivered = (match: CallMatch) => connector.calls.filter(match);

  /** Seeds a request in review with finance's comment made (version 4): hr and legal comment through the bots. */
  async function seedInReview(reference: string) {
    const { drafts, requests } = storeFor(teams);
    const person = (u: User, initials: string) => ({ tenantId: TENANT, aadObjectId: u.aadObjectId, name: u.name, initials });
    const approvers = {
      finance: person(PEOPLE.finance, 'FF'),
      hr: person(PEOPLE.hr, 'HH'),
      legal: person(PEOPLE.legal, 'LL'),
      decision: { kind: 'director' as const, person: person(PEOPLE.director, 'DD') },
    };
    const steps: Array<[Person, Command]> = [
      [actor(OFFICER), { type: 'submit', approvers, openToCallIn: true }],
      [SYSTEM, { type: 'start_review' }],
      [actor(PEOPLE.finance), { type: 'add_comment', expectedVersion: 3, discipline: 'finance', text: 'Funding confirmed.' }],
    ];
    let state = newWorkflow({ tenantId: TENANT, aadObjectId: OFFICER.aadObjectId, name: OFFICER.name });
    for (const [who, command] of steps) {
      const d = decide(state, command, who, new Date());
      if (!d.ok) throw new Error(`seeding: ${d.message}`);
      state = d.state;
    }
    const owner = { tenantId: TENANT, aadObjectId: OFFICER.aadObjectId };
    await requests.submitDraft(owner, await drafts.create(owner, SEED_004), reference, state, { action: 'seeded' });
  }

  /** A click delivered to instance `first`, and the same activity re-delivered to the other at once (one may be killed meanwhile). */
  async function spread(first: number, who: User, value: unknown): Promise<void> {
    const activity = teams.activity('invoke', who, { name: 'adaptiveCard/action', value });
    const answers = await Promise.allSettled([bot(first).post(activity), bot(first + 1).post(activity)]);
    if (!answers.some((a) => a.status === 'fulfilled' && a.value.status === 200)) throw new Error(`no instance answered ${JSON.stringify(value)}`);
  }

  /** Waits until every request has reached `status` and its outbox is empty. */
  async function settled(status: string, timeoutMs: number, references = refs): Promise<void> {
    const { requests, outbox } = storeFor(teams);
    const deadline = Date.now() + timeoutMs;
    for (const reference of references) {
      while ((await outbox.pending(reference)).length || (await requests.get(reference))!.workflow.status !== status) {
        if (Date.now() > deadline) throw new Error(`${reference}: not ${status} with its outbox drained`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  beforeAll(async () => {
    await connector.start();
    await storage.start();
    await Promise.all([start(0), start(1)]);
    for (const user of Object.values(PEOPLE)) await bot(0).post(teams.activity('installationUpdate', user, { action: 'add' }));
    await bot(1).post(
      teams.activity('conversationUpdate', OFFICER, {
        membersAdded: [{ id: '28:bot' }],
        conversation: { id: CHANNEL, conversationType: 'channel', tenantId: TENANT },
        channelData: { tenant: { id: TENANT }, team: { id: '19:team@thread.tacv2' }, channel: { id: CHANNEL } },
      }),
    );
    for (const reference of refs) await seedInReview(reference);
    for (const reference of paused) await seedAwaitingDecision(teams, reference);
  }, 60_000);
  afterAll(async () => {
    await Promise.all(bots.map((b) => b?.kill()));
    await connector.stop();
    await storage.stop();
  });

  it('comments written on either instance give the director a current decision card', async () => {
    // hr through one instance and, as soon as it is written, legal through the other: the second's change lands while the first's drain is under way.
    await Promise.all(
      refs.map(async (reference, i) => {
        // Either copy may win; the other is answered with the card as it now is. Both are written once (below).
        await spread(i, PEOPLE.hr, click(Verbs.comment, reference, 4, { commentText: 'Grades confirmed.' }));
        await spread(i + 1, PEOPLE.legal, click(Verbs.comment, reference, 5, { commentText: 'No legal implications.' }));
      }),
    );
    await settled('awaiting_decision', 20_000);
    const stale = refs.filter((reference) => {
      const last = connector.calls.filter((c) => c.conversationId === chat(PEOPLE.director) && JSON.stringify(c.body).includes(reference)).at(-1);
      const shown = last && JSON.stringify(last.body);
      return !shown || !shown.includes(Verbs.approve) || !/\\?"version\\?":6\b/.test(shown);
    });
    process.stdout.write(`stale decision cards: ${stale.length} of ${refs.length}\n`);
    expect(stale).toEqual([]);
    const { requests } = storeFor(teams);
    for (const reference of refs) expect((await requests.get(reference))!.workflow.version).toBe(6);
  }, 40_000);

  it('approvals spread over both, one instance killed mid-drain and restarted: one decision each, all delivered once, paced, taken over in seconds', async () => {
    const [killed, ...others] = refs;
    // The killed instance is sending the officer "approved" for the first request when it dies: the connector never answers.
    const approvedKilled = tells(OFFICER, `${killed} was approved`);
    connector.hold(approvedKilled);
    expect(
      await bot(0)
        .post(teams.activity('invoke', PEOPLE.director, { name: 'adaptiveCard/action', value: click(Verbs.approve, killed!, 6) }))
        .then((r) => invokeText(r.body)),
    ).toContain('You approved this request');
    const rest = others.map((reference, i) => spread(i, PEOPLE.director, click(Verbs.approve, reference, 6)));
    await connector.waitForHeld((held) => held.some(approvedKilled), 10_000);
    await bots[0]!.kill();
    const killedAt = Date.now();
    connector.stopHolding();
    // The click answers are from whichever instance was alive; each was delivered to both.
    await Promise.all(rest);
    await start(0);

    await connector.waitFor(() => delivered(approvedKilled).length >= 1, 15_000);
    const takeoverMs = at(delivered(approvedKilled)[0]!) - killedAt;
    await settled('published', 30_000);
    // Two more scans on each instance could only find something to repeat.
    await new Promise((r) => setTimeout(r, 2500));

    const { requests } = storeFor(teams);
    const decisions = await Promise.all(refs.map(async (r) => (await requests.audit(r)).filter((a) => JSON.stringify(a.entry).includes('"approve"')).length));
    const count = (match: (reference: string) => CallMatch) => refs.map((r) => delivered(match(r)).length);
    const approvedTold = count((r) => tells(OFFICER, `${r} was approved`));
    const publishedTold = count((r) => tells(OFFICER, `${r} was published`));
    const channelPosts = count(channelPostOf);
    const pacing = pacingAtConnector(connector.calls, at);
    const figures = { takeoverMs, decisions, approvedTold, publishedTold, channelPosts, pacing };
    process.stdout.write(`scale-out figures: ${JSON.stringify(figures)}\n`);

    expect(decisions).toEqual(refs.map(() => 1));
    expect(approvedTold).toEqual(refs.map(() => 1));
    expect(publishedTold).toEqual(refs.map(() => 1));
    expect(channelPosts).toEqual(refs.map(() => 1));
    expect(pacing.maxIn1s).toBeLessThanOrEqual(7);
    expect(pacing.maxIn2s).toBeLessThanOrEqual(8);
    expect(pacing.maxIn30s).toBeLessThanOrEqual(60);
    expect(takeoverMs).toBeLessThan(10_000);
  }, 60_000);

  it('storage stops answering for 5 s while approvals are sent: all is delivered once within seconds of its return, with no unhandled rejection', async () => {
    const before = connector.calls.length;
    await Promise.all(paused.map((reference, i) => spread(i, PEOPLE.director, click(Verbs.approve, reference, 6))));
    await connector.waitFor((calls) => calls.length > before, 10_000);
    storage.fail('blackhole');
    await new Promise((r) => setTimeout(r, 5000));
    storage.heal();
    const healedAt = Date.now();
    await settled('published', 30_000, paused);
    const recoveredMs = Date.now() - healedAt;
    await new Promise((r) => setTimeout(r, 2500));

    const approvedTold = paused.map((r) => delivered(tells(OFFICER, `${r} was approved`)).length);
    const publishedTold = paused.map((r) => delivered(tells(OFFICER, `${r} was published`)).length);
    const events = (event: string) => started.flatMap((b) => b.logs).filter((l) => l.event === event).length;
    const figures = {
      recoveredMs,
      approvedTold,
      publishedTold,
      unhandled: events('process.unhandled_rejection'),
      scanFailed: events('schedule.scan_failed'),
      storageDown: events('schedule.storage_unavailable'),
      pacing: pacingAtConnector(connector.calls, at),
    };
    process.stdout.write(`storage-pause figures: ${JSON.stringify(figures)}\n`);

    expect(approvedTold).toEqual(paused.map(() => 1));
    expect(publishedTold).toEqual(paused.map(() => 1));
    expect(figures.unhandled).toBe(0);
    // A scan that finds storage not answering says so (schedule.storage_unavailable) and tries again; nothing else failed.
    expect(figures.scanFailed).toBe(0);
    expect(recoveredMs).toBeLessThan(15_000);
    expect(figures.pacing.maxIn1s).toBeLessThanOrEqual(7);
  }, 60_000);
});
