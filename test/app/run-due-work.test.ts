import { SEED_004 } from '../../fixtures/seed-004';
import { AppFixture, person } from '../fakes/app-fixture';
import { RecordingSender } from '../fakes/recording-sender';

/**
 * Submitted on Monday 23 November 2026 and sent for review, its cards sent: reminders fall
 * due on Thursday, escalations the Monday after.
 */
async function inReview(app: AppFixture): Promise<string> {
  app.drainOnChange = true;
  const reference = await app.submitted(SEED_004);
  await app.idle();
  expect((await app.stores.requests.get(reference))!.workflow.status).toBe('in_review');
  return reference;
}

const reminded = (sender: RecordingSender) => sender.told.filter((t) => t.text.startsWith('Reminder:')).map((t) => t.to.name);

describe('running due work (app/run-due-work.ts over in-memory stores)', () => {
  it('sends a due reminder once, however many instances scan and however often', async () => {
    const app = new AppFixture();
    const reference = await inReview(app);
    const other = new RecordingSender(app.workflow);
    const scanners = [app.newScheduler(), app.newScheduler(other, app.newDrain(other))];

    // Wednesday: nothing is due yet but the outbox.
    app.now = new Date('2026-11-25T10:00:00Z');
    await Promise.all(scanners.map((s) => s.scan()));
    expect([...reminded(app.sender), ...reminded(other)]).toEqual([]);

    // Friday: each reviewer is reminded, by one instance or the other, with their card again.
    app.now = new Date('2026-11-27T10:00:00Z');
    await Promise.all(scanners.map((s) => s.scan()));
    await Promise.all(scanners.map((s) => s.scan()));

    expect([...reminded(app.sender), ...reminded(other)].sort()).toEqual(['Fiona Finance', 'Harry Hr', 'Lena Legal']);
    expect([...app.sender.told, ...other.told][0]!.text).toBe(
      `Reminder: ${reference} (${SEED_004.title}) is waiting for you. Type **status ${reference}** to see it, or use the card I sent.`,
    );
    expect([...app.sender.cards, ...other.cards].map((c) => c.to.name).sort()).toEqual(['Fiona Finance', 'Harry Hr', 'Lena Legal']);
    expect(app.stores.schedule.all().filter((i) => i.kind === 'remind')).toEqual([]);
  });

  it('goes on past an item whose claim fails (storage answering badly) and tries it at the next scan; a scan that finds storage down says so', async () => {
    const app = new AppFixture();
    await inReview(app);
    app.now = new Date('2026-11-27T10:00:00Z');
    const scheduler = app.newScheduler();
    const claim = app.stores.schedule.claim.bind(app.stores.schedule);
    let failures = 1;
    app.stores.schedule.claim = (...args) =>
      args[0].kind === 'remind' && failures-- > 0 ? Promise.reject(new Error('Table Storage answered 500')) : claim(...args);
    await scheduler.scan();
    // Two of the three reminders went; the third is still due.
    expect(reminded(app.sender)).toHaveLength(2);
    expect(app.log.lines).toContainEqual(
      expect.objectContaining({ level: 'error', fields: expect.objectContaining({ event: 'schedule.item_failed', kind: 'remind' }) }),
    );
    await scheduler.scan();
    expect(reminded(app.sender)).toHaveLength(3);

    const due = app.stores.schedule.due.bind(app.stores.schedule);
    app.stores.schedule.due = () => Promise.reject(Object.assign(new Error('Table Storage did not answer within 1000 ms'), { code: 'STORAGE_UNAVAILABLE' }));
    await scheduler.scan();
    app.stores.schedule.due = due;
    expect(app.log.lines.filter((l) => (l.fields as { event?: string }).event === 'schedule.scan_failed')).toEqual([]);
    expect(app.log.lines).toContainEqual(
      expect.objectContaining({ level: 'warn', fields: expect.objectContaining({ event: 'schedule.storage_unavailable' }) }),
    );
  });

  it('drops a reminder that no longer applies: the reviewer has commented', async () => {
    const app = new AppFixture();
    const reference = await inReview(app);
    const { workflow } = (await app.stores.requests.get(reference))!;
    await app.workflow.act(person('finance'), reference, {
      type: 'add_comment',
      expectedVersion: workflow.version,
      discipline: 'finance',
      text: 'Funding confirmed.',
    });

    app.now = new Date('2026-11-27T10:00:00Z');
    await app.newScheduler().scan();

    expect(reminded(app.sender).sort()).toEqual(['Harry Hr', 'Lena Legal']);
    expect(app.stores.schedule.all().filter((i) => i.kind === 'remind')).toEqual([]);
  });

  it('escalates to the requester when a reviewer has still not acted', async () => {
    const app = new AppFixture();
    const reference = await inReview(app);

    app.now = new Date('2026-12-01T10:00:00Z');
    await app.newScheduler().scan();

    const toRequester = app.sender.told.filter((t) => t.to.aadObjectId === person('officer').aadObjectId).map((t) => t.text);
    expect(toRequester).toEqual(
      ['Fiona Finance', 'Harry Hr', 'Lena Legal'].map((name) => `${reference} has been waiting for ${name} for 5 working days. They have been reminded.`),
    );
  });

  it('retries a follow-up whose send failed once its lease runs out, and logs it', async () => {
    const app = new AppFixture();
    await inReview(app);
    app.now = new Date('2026-11-27T10:00:00Z');
    app.sender.fail.push(new Error('Teams answered 503'));

    await app.newScheduler().scan();
    expect(reminded(app.sender)).toHaveLength(2);
    expect(app.log.lines).toContainEqual(
      expect.objectContaining({ level: 'error', fields: expect.objectContaining({ event: 'schedule.item_failed', kind: 'remind' }) }),
    );

    // Left leased: not due again until the lease runs out.
    await app.newScheduler().scan();
    expect(reminded(app.sender)).toHaveLength(2);
    app.now = new Date(app.now.getTime() + 61_000);
    await app.newScheduler().scan();
    expect(reminded(app.sender)).toHaveLength(3);
  });
});
