import { OutboxDrain } from '../../app/drain-notifications';
import { SEED_004 } from '../../fixtures/seed-004';
import { AppFixture, person } from '../fakes/app-fixture';
import { RecordingSender } from '../fakes/recording-sender';

const kinds = (sender: RecordingSender) =>
  sender.performed.map(({ notification: n }) => (n.kind === 'card' ? `card:${n.to.name}` : n.kind === 'system' ? `system:${n.command}` : n.kind));
const REVIEW = ['system:start_review', 'card:Fiona Finance', 'card:Harry Hr', 'card:Lena Legal', 'update_cards'];

describe('draining notifications (app/drain-notifications.ts over in-memory stores)', () => {
  it("carries out a request's outbox in order, marking each row done, and the change a step writes in the same drain", async () => {
    const app = new AppFixture();
    app.drainOnChange = true;

    const reference = await app.submitted(SEED_004);
    await app.idle();

    // The system step moves the request into review; the cards it causes follow in the same drain.
    expect(kinds(app.sender)).toEqual(REVIEW);
    expect((await app.stores.requests.get(reference))!.workflow.status).toBe('in_review');
    expect(await app.stores.outbox.pending(reference)).toEqual([]);
    const posts = await app.stores.posts.read(reference);
    expect(posts.drainedThrough).toBe((await app.stores.requests.get(reference))!.workflow.version);
    expect(posts.cards.map((c) => c.viewerName)).toEqual(['Fiona Finance', 'Harry Hr', 'Lena Legal']);
    // The drain of the change it carried out is done: nothing is left for the scan to find for it.
    expect(app.stores.schedule.all().filter((i) => i.kind === 'outbox' && i.dueAt > app.now.toISOString())).toEqual([]);
  });

  it('holds a failed send for a retry later, the rest of the queue behind it, then sends it once', async () => {
    const app = new AppFixture();
    app.drainOnChange = true;
    app.sender.fail.push(new Error('Teams answered 500'));
    const reference = await app.submitted(SEED_004);
    await app.idle();

    // The first send (the system step) failed: nothing after it has gone.
    expect(kinds(app.sender)).toEqual([]);
    const [held] = await app.stores.outbox.pending(reference);
    // The first retry is a second away (a storage or Teams hiccup passes in seconds), doubling after that.
    expect(held).toMatchObject({ attempts: 1, leaseUntil: new Date(app.now.getTime() + 1_000).toISOString() });
    expect(
      app.stores.schedule
        .all()
        .filter((i) => i.kind === 'outbox')
        .map((i) => i.dueAt),
    ).toContain(held!.leaseUntil);
    expect(app.log.lines).toContainEqual(
      expect.objectContaining({ level: 'warn', fields: expect.objectContaining({ event: 'outbox.retry', reference, attempts: 1 }) }),
    );

    // Not before its time, by this instance or another...
    await app.drain.drain(reference);
    expect(kinds(app.sender)).toEqual([]);
    // ...and once it is due, the scan finds it and the whole queue goes, each once.
    app.now = new Date(app.now.getTime() + 1_100);
    await app.newScheduler().scan();
    await app.idle();
    expect(kinds(app.sender)).toEqual(REVIEW);
    expect(await app.stores.outbox.pending(reference)).toEqual([]);
  });

  it('sends each notification once when two instances drain the same request at once', async () => {
    const app = new AppFixture();
    const other = new RecordingSender(app.workflow);
    const otherDrain = app.newDrain(other);
    const reference = await app.submitted(SEED_004);

    await Promise.all([app.drain.drain(reference), otherDrain.drain(reference)]);
    await Promise.all([app.drain.drain(reference), otherDrain.drain(reference)]);

    const all = [...app.sender.performed, ...other.performed].map((p) => JSON.stringify(p.notification));
    expect(all).toHaveLength(REVIEW.length);
    expect(new Set(all).size).toBe(REVIEW.length);
    expect(await app.stores.outbox.pending(reference)).toEqual([]);
  });

  it('draws each notification from the request at least at the version that wrote it, when another instance wrote since this one', async () => {
    const app = new AppFixture();
    const reference = await app.submitted(SEED_004);
    await app.drain.drain(reference);
    const comment = async (who: 'finance' | 'hr' | 'legal', discipline: 'finance' | 'hr' | 'legal') => {
      const version = (await app.stores.requests.get(reference))!.workflow.version;
      await app.workflow.act(person(who), reference, { type: 'add_comment', expectedVersion: version, discipline, text: 'Fine.' });
      return app.changes.at(-1)!.written!;
    };
    await comment('finance', 'finance');
    // This instance wrote hr's comment (version 5); another wrote legal's (version 6, the director's card) before this one's drain began.
    const mine = await comment('hr', 'hr');
    await comment('legal', 'legal');
    const drawn: Array<{ kind: string; shows?: number }> = [];
    const sender = new RecordingSender(app.workflow);
    const perform = sender.perform.bind(sender);
    sender.perform = async (n, drain) => {
      drawn.push({ kind: n.kind === 'card' ? `card:${n.to.name}` : n.kind, shows: (await drain.current())?.stored.workflow.version });
      return perform(n, drain);
    };
    const drain = app.newDrain(sender);
    drain.kick(reference, mine);
    await Promise.all(drain.inFlight());

    expect(drawn.find((d) => d.kind === 'card:Dana Director')).toEqual({ kind: 'card:Dana Director', shows: 6 });
    expect(await app.stores.outbox.pending(reference)).toEqual([]);
  });

  it('keeps a row while its send is under way, however long, by renewing its short claim: another instance does not send it too', async () => {
    const app = new AppFixture();
    const reference = await app.submitted(SEED_004);
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    let reached!: () => void;
    const waiting = new Promise<void>((r) => (reached = r));
    const slow = new RecordingSender(app.workflow);
    const perform = slow.perform.bind(slow);
    slow.perform = async (n, drain) => {
      if (!slow.performed.length) {
        reached();
        await gate;
      }
      return perform(n, drain);
    };
    const { requests, outbox, posts, schedule } = app.stores;
    const drainWith = (sender: RecordingSender) =>
      new OutboxDrain({
        requests,
        outbox,
        posts,
        schedule,
        workflow: app.workflow,
        sender,
        turns: { run: (task) => task() },
        log: app.log,
        leaseMs: 300,
        later: () => undefined,
      });
    const running = drainWith(slow).drain(reference);
    await waiting;
    // Far past the claim's 300 ms by the workflow's clock; the renewal (every 100 ms) moves the claim on with it.
    app.now = new Date(app.now.getTime() + 10_000);
    await new Promise((r) => setTimeout(r, 250));
    const other = new RecordingSender(app.workflow);
    await drainWith(other).drain(reference);
    open();
    await running;

    // The submission's one row (the step into review) was carried out once, by the instance that held it.
    expect(kinds(other)).toEqual([]);
    expect(kinds(slow)).toEqual(['system:start_review']);
    expect((await app.stores.requests.get(reference))!.workflow.status).toBe('in_review');
  });

  it('drops a message for someone unreachable when there is nowhere to keep it waiting, and goes on', async () => {
    const app = new AppFixture();
    app.drainOnChange = true;
    const unreachable = Object.assign(new Error('not installed'), { code: 'UNREACHABLE', why: 'not_installed' });
    const reference = await app.submitted(SEED_004);
    await app.idle();
    const inReview = (await app.stores.requests.get(reference))!;
    app.sender.fail.push(unreachable);

    await app.workflow.act(person('finance'), reference, {
      type: 'add_comment',
      expectedVersion: inReview.workflow.version,
      discipline: 'finance',
      text: 'Funding confirmed.',
    });
    await app.idle();

    expect(app.log.lines).toContainEqual(
      expect.objectContaining({ fields: expect.objectContaining({ event: 'outbox.unreachable', reference, kind: 'tell' }) }),
    );
    expect(kinds(app.sender).slice(REVIEW.length)).toEqual(['update_cards']);
    expect(await app.stores.outbox.pending(reference)).toEqual([]);
  });
});
