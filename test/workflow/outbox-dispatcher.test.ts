import { SEED_004 } from '../../fixtures/seed-004';
import { dispatcherFixture, person, type FakeTeams } from '../support/dispatcher-fixture';

/**
 * bot/workflow/outbox-dispatcher.ts through its own methods (kick, drain, idle, scan,
 * start/stop, reachable) over Table Storage on Azurite, with Teams a fake. What a drain
 * sends in which order is app/drain-notifications.ts's (test/app/); here, when the
 * dispatcher sends, and what it waits for.
 */
const REVIEWERS = ['Fiona Finance', 'Harry Hr', 'Lena Legal'];
const cardsTo = (teams: FakeTeams) => teams.sent.filter((s) => s.card).map((s) => s.to);
const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once `check` holds, failing after `ms`. */
async function eventually(check: () => boolean, ms = 5000): Promise<void> {
  for (const end = Date.now() + ms; !check(); await settle(20)) if (Date.now() > end) throw new Error('timed out');
}

describe('OutboxDispatcher', () => {
  it('kick drains a change in the background; idle waits until every drain in flight is done', async () => {
    const { dispatcher, teams, stores, submit } = await dispatcherFixture();
    teams.hold();
    const reference = await submit(SEED_004);

    let idle = false;
    const waiting = dispatcher.idle().then(() => (idle = true));
    await settle(200);
    // Teams is holding the first card: the drain is still under way, and idle has not resolved.
    expect(idle).toBe(false);
    expect(teams.sent).toEqual([]);

    teams.release();
    await waiting;
    expect(cardsTo(teams)).toEqual(REVIEWERS);
    expect((await stores.requests.get(reference))!.workflow.status).toBe('in_review');
    expect(await stores.outbox.pending(reference)).toEqual([]);
  });

  it('drain runs the calls for one request one after another, so each notification goes once', async () => {
    const { dispatcher, teams, stores, submit, listen } = await dispatcherFixture();
    listen(undefined);
    const reference = await submit(SEED_004);
    listen(dispatcher);

    await Promise.all([dispatcher.drain(reference), dispatcher.drain(reference), dispatcher.drain(reference)]);

    expect(cardsTo(teams)).toEqual(REVIEWERS);
    expect(await stores.outbox.pending(reference)).toEqual([]);
  });

  it('scan finds what a process wrote and never drained, as another instance or after a restart', async () => {
    const { newDispatcher, teams, submit, listen } = await dispatcherFixture();
    listen(undefined);
    await submit(SEED_004);
    await settle(100);
    expect(teams.sent).toEqual([]);

    // A new instance: changes it makes (the review's start) are handed to it.
    const restarted = newDispatcher();
    await restarted.scan();
    await restarted.idle();

    expect(cardsTo(teams)).toEqual(REVIEWERS);
  });

  it('start scans on a timer; stop ends the timer, and a scan asked for still runs', async () => {
    const { dispatcher, teams, submit, listen } = await dispatcherFixture();
    // Submissions are written by another instance that never drains them: only the scan finds them here.
    const written = async (title: string) => {
      listen(undefined);
      const reference = await submit({ ...SEED_004, title });
      listen(dispatcher);
      return reference;
    };
    dispatcher.start(25);
    await written('First request');
    await eventually(() => cardsTo(teams).length === 3);

    dispatcher.stop();
    await dispatcher.idle();
    const second = await written('Second request');
    await settle(300);
    expect(cardsTo(teams)).toHaveLength(3);

    await dispatcher.scan();
    await dispatcher.idle();
    expect(cardsTo(teams)).toEqual([...REVIEWERS, ...REVIEWERS]);
    expect(second).toMatch(/^ECR-\d{4}-0002$/);
  });

  it('reachable sends at once what waited for someone who could not be reached, without waiting for its retry', async () => {
    const { dispatcher, teams, pending, submit } = await dispatcherFixture({ waiting: true });
    const legal = person('legal');
    teams.notInstalled.add(legal.aadObjectId);
    const reference = await submit(SEED_004);
    await dispatcher.idle();

    expect(cardsTo(teams)).toEqual(['Fiona Finance', 'Harry Hr']);
    // The officer is told once who cannot be reached; the card waits for them.
    expect(teams.sent.filter((s) => s.text)).toEqual([
      {
        to: 'Olivia Officer',
        card: false,
        text: `${reference}: Lena Legal hasn't installed Establishment Changes yet: the card will reach them as soon as they do. Ask them to install it, or an administrator to install it for them.`,
      },
    ]);
    expect(await pending.forPerson(legal.tenantId, legal.aadObjectId)).toEqual([expect.objectContaining({ reference, kind: 'card' })]);

    teams.notInstalled.delete(legal.aadObjectId);
    await dispatcher.reachable(legal);
    await dispatcher.idle();

    expect(cardsTo(teams)).toEqual(REVIEWERS);
    expect(await pending.forPerson(legal.tenantId, legal.aadObjectId)).toEqual([]);
  });

  it('reachable does nothing without a store of waiting notifications: the unreachable card was dropped', async () => {
    const { dispatcher, teams, logs, submit } = await dispatcherFixture();
    const legal = person('legal');
    teams.notInstalled.add(legal.aadObjectId);
    const reference = await submit(SEED_004);
    await dispatcher.idle();
    expect(logs).toContainEqual(expect.objectContaining({ event: 'outbox.unreachable', reference, kind: 'card' }));

    teams.notInstalled.delete(legal.aadObjectId);
    await dispatcher.reachable(legal);
    await dispatcher.idle();

    expect(cardsTo(teams)).toEqual(['Fiona Finance', 'Harry Hr']);
  });
});
