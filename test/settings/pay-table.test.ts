import fc from 'fast-check';
import { importPayTable } from '../../domain/pay-table-import';
import { lookupCost } from '../../domain/pay-table';
import { formatPounds } from '../../domain/money';
import { BotHarness, textOf } from '../support/bot-harness';
import { sendFile } from '../support/documents';
import { PEOPLE, storeFor } from '../support/workflow';
import { CouncilSettingsStore } from '../../storage/council-settings-store';
import { createTableService, TableNames } from '../../storage/table-service';
import { testConnectionString } from '../support/tables';
import { TENANT } from '../../fixtures/seed-004';

const GOOD = ['Grade,SCP,Annual cost,Default', 'PO4,37,"£55,588.00",yes', 'PO4,36,"£54,120.50",', 'Grade 3,,£23940', 'Band D,45,"66,820"'].join('\r\n');

describe("a council's pay table from a CSV file", () => {
  it('reads every figure exactly, or rejects the row with its number and why', () => {
    const read = importPayTable(GOOD);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(lookupCost(read.table, 'po 4')).toMatchObject({ annualCostPerFtePence: 5_558_800 });
    expect(lookupCost(read.table, 'PO4', 36)).toMatchObject({ annualCostPerFtePence: 5_412_050 });
    expect(lookupCost(read.table, 'Grade 3')).toMatchObject({ annualCostPerFtePence: 2_394_000 });
    expect(read.points).toBe(4);

    const bad = importPayTable(['Grade,SCP,Annual cost', 'PO4,37,£55k-ish', 'PO4,37,£55,588', 'PO4,,£50,000', 'PO5,x,1', ',3,£1', 'PO6,40,£0'].join('\n'));
    expect(bad).toEqual({
      ok: false,
      rejected: [
        { row: 2, column: 'Annual cost', reason: expect.stringContaining('not an amount') },
        { row: 4, column: 'SCP', reason: 'PO4 has several points: give each row its SCP' },
        { row: 5, column: 'SCP', reason: expect.stringContaining('not a spinal column point') },
        { row: 6, column: 'Grade', reason: 'missing' },
        { row: 7, column: 'Annual cost', reason: 'must be more than £0' },
      ],
    });
    expect(importPayTable('Name,Cost\nx,1')).toMatchObject({ ok: false, fileError: expect.stringContaining('Grade, SCP, Annual cost') });
  });

  it('takes any amount written as a spreadsheet writes pounds to the exact pence (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20_000_000 }), fc.integer({ min: 1, max: 99 }), (pence, scp) => {
        const read = importPayTable(`Grade,SCP,Annual cost\nPO4,${scp},"${formatPounds(pence)}"`);
        expect(read.ok && lookupCost(read.table, 'PO4', scp)?.annualCostPerFtePence).toBe(pence);
      }),
      { numRuns: 500 },
    );
  });
});

describe('import pay table, in Teams', () => {
  const bot = new BotHarness();
  beforeAll(() => bot.start());
  afterAll(() => bot.stop());
  const settings = () =>
    new CouncilSettingsStore(createTableService({ connectionString: testConnectionString(), tablePrefix: bot.tablePrefix }).client(TableNames.Settings));

  it("an administrator's file becomes the council's pay table; the officer's next change is costed from it", async () => {
    const refused = await sendFile(bot, 'pay.csv', Buffer.from(GOOD), { user: PEOPLE.officer, text: 'import pay table' });
    expect(refused.map(textOf).join('\n')).toContain("Only your council's administrators");
    const bad = await sendFile(bot, 'pay.csv', Buffer.from('Grade,SCP,Annual cost\nPO4,37,£55k-ish'), { user: PEOPLE.democratic, text: 'import pay table' });
    expect(bad.map(textOf).join('\n')).toContain('Row 2, Annual cost');
    // Unchanged: still the first start's table (config/pay-table.example.json).
    expect((await settings().current(TENANT))!.settings.payTable!.grades.map((g) => g.grade)).toContain('Hay Band A');

    const ok = await sendFile(bot, 'pay.csv', Buffer.from(GOOD), { user: PEOPLE.democratic, text: 'import pay table' });
    expect(ok.map(textOf).join('\n')).toContain('The pay table is now 3 grades and 4 points');
    expect((await settings().current(TENANT))!.settings.payTable!.grades.map((g) => g.grade)).toEqual(['PO4', 'Grade 3', 'Band D']);

    await bot.say('new request');
    for (const said of ['Band D posts', 'Children and Families', 'Commissioning', 'skip', 'me']) await bot.say(said);
    await bot.say('1 fte Band D Analyst, permanent, from 1 April 2027');
    const drafts = (await storeFor(bot).drafts.listForOwner({ tenantId: TENANT, aadObjectId: PEOPLE.officer.aadObjectId })).drafts;
    const draft = await storeFor(bot).drafts.get({ tenantId: TENANT, aadObjectId: PEOPLE.officer.aadObjectId }, drafts.at(-1)!.draftId);
    expect(draft!.content.lines[0]).toMatchObject({ grade: 'Band D', annualCostPerFtePence: 6_682_000 });
  });
});
