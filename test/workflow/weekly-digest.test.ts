import { Verbs } from '../../cards/verbs';
import { DigestStore } from '../../storage/digest-store';
import { createTableService, TableNames } from '../../storage/table-service';
import { BotHarness } from '../support/bot-harness';
import { testConnectionString } from '../support/tables';
import { addToDecisionsTeam, click, installForEveryone, invokeText, PEOPLE, SEED_004, seedAwaitingDecision } from '../support/workflow';

const CHANNEL = '19:decisions@thread.tacv2';

/**
 * The Monday digest in the decisions channel, against Azurite with the workflow clock set.
 * Two decisions are published on Friday 28 August 2026; the digest for the week is due
 * at 08:00 on Monday 31 August (London), lists both and their open call-in periods, and
 * is posted once however many scans, restarts or instances there are.
 */
describe('the weekly digest in the decisions channel', () => {
  const bot = new BotHarness();
  const digestPosts = () =>
    bot.connector.calls.filter((c) => c.method === 'POST' && /\/v3\/conversations\/?$/.test(c.path) && JSON.stringify(c.body).includes('Decisions: week of'));
  const scan = async () => {
    await bot.app.dispatcher.scan();
    await bot.app.dispatcher.idle();
  };

  beforeAll(async () => {
    bot.clock = new Date('2026-08-28T09:00:00+01:00');
    await bot.start();
    await installForEveryone(bot);
    await addToDecisionsTeam(bot, CHANNEL);
  });
  afterAll(() => bot.stop());

  async function approve(reference: string, content = SEED_004): Promise<void> {
    const seeded = await seedAwaitingDecision(bot, reference, content);
    const result = await bot.invoke(click(Verbs.approve, reference, seeded.workflow.version), PEOPLE.director);
    expect(invokeText(result.body)).toContain('You approved this request');
    await bot.app.dispatcher.idle();
  }

  it('posts nothing for a week with nothing to report', async () => {
    // The start-up scan on Friday already looked at the week of Monday 24 August: nothing published.
    await scan();
    expect(digestPosts()).toHaveLength(0);
  });

  it('on Monday at 08:00 lists the week’s decisions and their call-in periods, once, without exempt details', async () => {
    bot.clock = new Date('2026-08-28T10:00:00+01:00');
    await approve('ECR-2026-7001');
    const exempt = {
      ...SEED_004,
      title: 'Restructure of the Pemberton family support team',
      decisionFacts: { keyDecision: true, openToCallIn: true, exempt: { paragraph: 1, sections: ['reasons' as const] } },
    };
    await approve('ECR-2026-7002', exempt);

    bot.clock = new Date('2026-08-31T07:59:00+01:00');
    await scan();
    expect(digestPosts()).toHaveLength(0);

    bot.clock = new Date('2026-08-31T08:01:00+01:00');
    await scan();
    await scan();
    expect(digestPosts()).toHaveLength(1);
    const card = JSON.stringify(digestPosts()[0]!.body);
    expect(card).toContain('Decisions: week of 24 August 2026');
    expect(card).toContain('ECR-2026-7001');
    expect(card).toContain('Request to create traded Childrens Commissioning posts');
    expect(card).toContain('Published 28 August 2026');
    // Both are open to call-in until the end of Monday 7 September (the bank holiday skipped).
    expect(card.match(/Call-in period ends at the end of 7 September 2026; can be implemented from 8 September 2026/g)).toHaveLength(2);
    expect(card).toContain('ECR-2026-7002');
    expect(card).not.toContain('Pemberton');
    expect(card).toContain('contains exempt information');

    await bot.restart();
    await scan();
    expect(digestPosts()).toHaveLength(1);
  });

  it('the next Monday lists the call-in periods still open and the week’s (empty) publications', async () => {
    bot.clock = new Date('2026-09-07T09:30:00+01:00');
    await scan();
    expect(digestPosts()).toHaveLength(2);
    const card = JSON.stringify(digestPosts()[1]!.body);
    expect(card).toContain('Decisions: week of 31 August 2026');
    expect(card).toContain('No decisions were published that week.');
    expect(card).toContain('ECR-2026-7001');
  });

  it('two instances claiming the same week: exactly one gets it', async () => {
    const table = createTableService({ connectionString: testConnectionString(), tablePrefix: bot.tablePrefix }).client(TableNames.Schedule);
    const [a, b] = [new DigestStore(table), new DigestStore(table)];
    const now = new Date('2026-09-14T08:30:00+01:00');
    const claims = await Promise.all([a.claim('2026-09-14', now), b.claim('2026-09-14', now), a.claim('2026-09-14', now), b.claim('2026-09-14', now)]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    // A claim whose holder died is taken over once its lease runs out, by one of the rest.
    const later = new Date(now.getTime() + 61_000);
    const retaken = await Promise.all([a.claim('2026-09-14', later), b.claim('2026-09-14', later)]);
    expect(retaken.filter(Boolean)).toHaveLength(1);
    await a.finish(retaken.find(Boolean)!, { state: 'skipped' });
    expect(await b.claim('2026-09-14', new Date(later.getTime() + 120_000))).toBeUndefined();
  });
});
