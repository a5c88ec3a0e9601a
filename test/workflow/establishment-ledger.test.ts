import { Verbs } from '../../cards/verbs';
import type { CalendarDate } from '../../domain/calendar-date';
import { parseCsv } from '../../domain/csv';
import { totalsOn, within, type OrgUnit } from '../../domain/establishment';
import { REGISTER_HEADER } from '../../domain/decisions-register';
import { RequestContentSchema, type RequestContent } from '../../domain/request';
import { EstablishmentLedgerStore } from '../../storage/establishment-ledger';
import { createTableService, TableNames } from '../../storage/table-service';
import { BotHarness, textOf } from '../support/bot-harness';
import { sendFile } from '../support/documents';
import { signInLocally } from '../support/local-sign-in';
import { testConnectionString } from '../support/tables';
import { click, installForEveryone, invokeText, PEOPLE, seedAwaitingDecision, SEED_004, storeFor } from '../support/workflow';
import { TENANT } from '../../fixtures/seed-004';

const CFD = 'Children and Families';
/** Seed 000: 3 fte Service Organiser (£85,104 a year) and a Project Manager for 12 months (£52,392), from 1 May 2022. */
const SEED_000 = seed({
  title: 'Changes to the staffing establishment in the Commissioning and Placements Group',
  directorate: CFD,
  service: 'Commissioning and Placements',
  lines: [
    post(300, 'Service Organiser', 'subject to job evaluation', 2_836_800, { type: 'permanent' }, '2022-05-01'),
    post(100, 'Project Manager', 'subject to job evaluation', 5_239_200, { type: 'temporary', months: 12 }, '2022-05-01'),
  ],
});
/** Seed 002: 8.5 fte of temporary posts to 31 March 2019, £281,776 a year, and a £3,161 honorarium. */
const to2019 = { type: 'temporary', endDate: '2019-03-31' } as const;
const SEED_002 = seed({
  title: 'Implementation of revised Short Breaks offer – temporary staffing',
  directorate: CFD,
  service: "Integrated Children's Disability Service",
  lines: [
    post(200, 'Reviewing Officer', 'Hay Band A', 4_070_200, to2019, '2018-07-01'),
    post(200, 'Assessment Officer', 'Grade 5', 3_350_400, to2019, '2018-07-01'),
    post(200, 'Service Organiser', 'Grade 4', 2_837_600, to2019, '2018-07-01'),
    post(100, 'Commissioning Officer', 'Hay Band A', 4_070_200, to2019, '2018-07-01'),
    post(150, 'Commissioning Assistant', 'Grade 3', 2_394_000, to2019, '2018-07-01'),
    { kind: 'one_off_payment', description: 'Honorarium for additional management duties', amountPence: 316_100, effectiveDate: '2018-07-01' },
  ],
  // The honorarium names the postholder: exempt under paragraph 1.
  decisionFacts: { keyDecision: false, openToCallIn: true, exempt: { paragraph: 1, sections: ['background'] } },
  case: { purpose: 'To introduce the revised Short Breaks offer.', background: 'EXEMPT-TEXT the postholder Ms Example takes on extra duties.' },
});

function post(fte: number, jobTitle: string, grade: string, pence: number, term: object, from: string) {
  return { kind: 'establish', fteHundredths: fte, jobTitle, grade, annualCostPerFtePence: pence, costIsEstimate: false, term, effectiveDate: from };
}
function seed(over: Record<string, unknown>): RequestContent {
  return RequestContentSchema.parse({ ...SEED_004, ...over, funding: [{ kind: 'contingency', amountPence: 100 }] });
}

/**
 * The establishment ledger against Azurite, driven as Teams drives the bot: seeds 000, 002
 * and 004 approved by the director, published, and implemented when their call-in periods
 * end (the workflow clock moved on and the schedule scanned, as its timer does).
 */
describe('the establishment ledger', () => {
  const bot = new BotHarness();
  let ledger: EstablishmentLedgerStore;
  const read = () => ledger.read(TENANT);
  const totals = async (unit: OrgUnit, on: string) =>
    totalsOn(
      (await read()).posts.filter((p) => within(p, unit)),
      on as CalendarDate,
    );
  const scan = async () => {
    await bot.app.dispatcher.scan();
    await bot.app.dispatcher.idle();
  };

  beforeAll(async () => {
    bot.clock = new Date('2026-08-28T10:00:00+01:00');
    // The schedule is scanned by the test alone, so a crash can be placed between two scans.
    await bot.start({ SCHEDULE_SCAN_SECONDS: '3600' });
    await installForEveryone(bot);
    const tables = createTableService({ connectionString: testConnectionString(), tablePrefix: bot.tablePrefix });
    ledger = new EstablishmentLedgerStore(tables.client(TableNames.Requests));
  });
  afterAll(() => bot.stop());

  /** Approved on Friday 28 August 2026; published at once, open to call-in; implementable from 8 September. */
  async function implement(reference: string, content: RequestContent, options: { restartBeforeLedger?: boolean } = {}): Promise<void> {
    bot.clock = new Date('2026-08-28T10:00:00+01:00');
    const seeded = await seedAwaitingDecision(bot, reference, content);
    const approved = await bot.invoke(click(Verbs.approve, reference, seeded.workflow.version), PEOPLE.director);
    expect(invokeText(approved.body)).toContain('You approved this request');
    await bot.app.dispatcher.idle();
    await scan();
    expect((await read()).pending.map((p) => p.reference)).toContain(reference);
    bot.clock = new Date('2026-09-08T09:00:00+01:00');
    await scan(); // the end of the call-in period: implementable, and the ledger's item written before it
    expect((await storeFor(bot).requests.get(reference))!.workflow.status).toBe('implementable');
    if (options.restartBeforeLedger) {
      // A crash after the change, before the ledger's write: the item written before the change repairs it.
      expect((await read()).changes.map((c) => c.reference)).not.toContain(reference);
      await bot.restart();
    }
    await scan();
  }

  it('a CSV import with bad rows reports each and imports nothing; a good one imports the starting establishment', async () => {
    const bad = [
      'Directorate,Service,Team,Job title,Grade,FTE,Annual cost per FTE,Status,Start date,End date',
      `${CFD},Commissioning and Market Management,,Commissioning Officer,PO2,2,"£44,832.00",Permanent,01/04/2021,`,
      `${CFD},Commissioning and Market Management,,Team Manager,PO6,1,£61k,Permanent,01/04/2021,`,
      `${CFD},Commissioning and Market Management,,Business Support,Grade 3,0.333,23940.5,Temporary,31/02/2021,`,
      `${CFD},,,Analyst,Grade 5,1,33504,Permanent,,`,
    ].join('\r\n');
    const refused = (await sendFile(bot, 'establishment.csv', Buffer.from(bad), { user: PEOPLE.democratic, text: 'import establishment' }))
      .map(textOf)
      .join('\n');
    expect(refused).toContain('Nothing was imported: 3 rows have problems');
    expect(refused).toContain('Row 3, Annual cost per FTE: "£61k" is not an exact amount');
    expect(refused).toContain('Row 4, FTE: FTE has at most two decimal places');
    expect(refused).toContain('Row 4, Annual cost per FTE: "23940.5" is not an exact amount');
    expect(refused).toContain('Row 4, Start date: "31/02/2021" is not a date');
    expect(refused).toContain('Row 4, End date: a temporary post needs its end date');
    expect(refused).toContain('Row 5, Service: is empty');
    expect((await read()).posts).toEqual([]);

    const notAdmin = (await sendFile(bot, 'establishment.csv', Buffer.from(bad), { user: PEOPLE.officer, text: 'import establishment' }))
      .map(textOf)
      .join('\n');
    expect(notAdmin).toContain('Only the bot’s administrators');

    const good = `\ufeff${bad.split('\r\n').slice(0, 2).join('\r\n')}\r\n${CFD},Commissioning and Market Management,,Commissioning Assistant,Grade 4,2.5,"£28,376",Permanent,01/04/2021,\r\n`;
    const imported = (await sendFile(bot, 'establishment.csv', Buffer.from(good), { user: PEOPLE.democratic, text: 'import establishment' }))
      .map(textOf)
      .join('\n');
    expect(imported).toContain('Imported 2 posts in 1 team: 4.5 FTE, £160,604 a year');
    // Sent again, the team is refused rather than counted twice.
    const again = (await sendFile(bot, 'establishment.csv', Buffer.from(good), { user: PEOPLE.democratic, text: 'import establishment' }))
      .map(textOf)
      .join('\n');
    expect(again).toContain('already has posts in the ledger');
    expect((await read()).posts).toHaveLength(2);
  });

  it('implementing seeds 000, 002 and 004 in turn moves each service by exactly the FTE and cost in its report, once', async () => {
    const s000 = { directorate: CFD, service: 'Commissioning and Placements' };
    const s002 = { directorate: CFD, service: "Integrated Children's Disability Service" };
    const s004 = { directorate: CFD, service: 'Commissioning and Market Management' };
    const before004 = await totals(s004, '2022-12-01');

    await implement('ECR-2026-7000', SEED_000);
    expect(await totals(s000, '2022-05-01')).toEqual({ fteHundredths: 400, annualCostPence: 8_510_400 + 5_239_200 });
    await implement('ECR-2026-7002', SEED_002, { restartBeforeLedger: true });
    expect(await totals(s002, '2018-07-01')).toEqual({ fteHundredths: 850, annualCostPence: 28_177_600 });
    await implement('ECR-2026-7004', SEED_004);
    const after004 = await totals(s004, '2022-12-01');
    expect([after004.fteHundredths - before004.fteHundredths, after004.annualCostPence - before004.annualCostPence]).toEqual([300, 15_600_800]);

    const l = await read();
    expect(l.pending).toEqual([]);
    expect(l.changes.map((c) => c.reference).sort()).toEqual(['ECR-2026-7000', 'ECR-2026-7002', 'ECR-2026-7004']);
    // Each post is linked to its decision; the honorarium changes no post.
    expect(l.posts.filter((p) => p.source === 'ECR-2026-7002')).toHaveLength(5);
    expect(l.changes.find((c) => c.reference === 'ECR-2026-7002')!.lines.at(-1)).toMatchObject({
      kind: 'one_off_payment',
      oneOffPence: 316_100,
      fteHundredths: 0,
    });
    // Applying a decision again changes nothing.
    const decided = (await storeFor(bot).requests.get('ECR-2026-7004'))!;
    const again = await ledger.apply(
      TENANT,
      { reference: 'ECR-2026-7004', title: 'x', unit: s004, lines: decided.content.lines as never },
      '2026-09-08' as CalendarDate,
    );
    expect(again).toBe('already_applied');
    expect((await read()).posts).toHaveLength(l.posts.length);

    // Temporary posts leave at their end dates.
    expect((await totals(s000, '2023-04-30')).fteHundredths - (await totals(s000, '2023-05-01')).fteHundredths).toBe(100);
    expect(await totals(s002, '2019-04-01')).toEqual({ fteHundredths: 0, annualCostPence: 0 });
    expect((await totals(s004, '2025-03-31')).annualCostPence - (await totals(s004, '2025-04-01')).annualCostPence).toBe(5_558_800);
  });

  it("the card's chart shows the movement, and only those allowed see it", async () => {
    bot.clock = new Date('2023-06-15T12:00:00+01:00');
    const [card] = await bot.say('establishment Commissioning and Placements', PEOPLE.finance);
    const content = (card!.attachments as Array<{ content: Record<string, unknown> }>)[0]!.content;
    const body = content.body as Array<Record<string, unknown>>;
    const line = body.find((e) => e.type === 'Chart.Line') as { data: Array<{ values: Array<{ x: string; y: number }> }>; fallback: { type: string } };
    expect(line.data[0]!.values.map((v) => v.y)).toEqual([4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 3, 3]);
    expect(line.fallback.type).toBe('Table');
    const bars = body.find((e) => e.type === 'Chart.VerticalBar') as { data: Array<{ y: number }> };
    expect(bars.data.at(-1)!.y).toBe(85_104);
    expect(bars.data[0]!.y).toBe(137_496);
    const text = JSON.stringify(content);
    expect(text).toContain('£85,104');
    expect(text).toContain('Temporary Project Manager (subject to job evaluation) ended');

    const refused = (await bot.say('establishment Commissioning and Placements', PEOPLE.stranger)).map(textOf).join('\n');
    expect(refused).toContain("I can't show an establishment");
    expect(refused).not.toContain('85,104');
  });

  it('the register export parses back as the same rows, with exempt text only for those entitled', async () => {
    bot.clock = new Date('2026-09-10T12:00:00+01:00');
    const reply = (await bot.say('register 2026-08-01 to 2026-09-30', PEOPLE.democratic)).map(textOf).join('\n');
    const link = /\((http[^)]+\/registers\/2026-08-01_2026-09-30\.csv)\)/.exec(reply)?.[1];
    expect(link).toBeDefined();
    const fetchAs = async (name: string) => {
      const response = await fetch(link!, { headers: { cookie: await signInLocally(link!, name) } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/csv');
      return Buffer.from(await response.arrayBuffer());
    };
    const forStranger = await fetchAs(PEOPLE.stranger.name);
    expect([...forStranger.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const parsed = parseCsv(forStranger.toString('utf8'));
    if (!parsed.ok) throw new Error(parsed.message);
    const [header, ...rows] = parsed.records;
    expect(header).toEqual([...REGISTER_HEADER]);
    expect(rows.map((r) => r[0])).toEqual(['ECR-2026-7000', 'ECR-2026-7002', 'ECR-2026-7004']);
    expect(rows[2]).toEqual(expect.arrayContaining(['Request to create traded Childrens Commissioning posts', '£156,008', 'Approved', 'Yes']));
    expect(forStranger.toString('utf8')).not.toContain('EXEMPT-TEXT');
    expect(rows[1]![1]).toBe('Establishment change (contains exempt information)');
    // The officer who raised them sees the exempt section.
    const forOfficer = parseCsv((await fetchAs(PEOPLE.officer.name)).toString('utf8'));
    expect(forOfficer.ok && forOfficer.records[2]![19]).toContain('Background: EXEMPT-TEXT');
  });
});
