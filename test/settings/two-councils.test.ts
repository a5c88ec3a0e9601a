import { BotHarness, textOf, type Who } from '../support/bot-harness';
import { GraphStandIn } from '../support/graph-stand-in';
import { installForEveryone, PEOPLE, RAISE_SEED_004, storeFor } from '../support/workflow';
import { TENANT } from '../../fixtures/seed-004';
import payTableJson from '../../config/pay-table.example.json';
import { PayTableSchema } from '../../domain/pay-table';
import { sendFile } from '../support/documents';

/** The example pay table as a council would export it: Grade, SCP, Annual cost, Default. */
const PAY_TABLE_CSV = [
  'Grade,SCP,Annual cost,Default',
  ...PayTableSchema.parse(payTableJson).grades.flatMap((g) =>
    g.points.map((p) => {
      const pence = 'annualCostPence' in p ? p.annualCostPence : Math.round((p.salaryPence * (10_000 + p.onCostBasisPoints)) / 10_000);
      return `${g.grade},${p.scp},${(pence / 100).toFixed(2)},${g.defaultScp === p.scp ? 'yes' : ''}`;
    }),
  ),
].join('\n');

/** A second council on the same deployment, set up in Teams by its own administrator. */
const OTHER = '11111111-1111-4111-8111-111111111111';
const person = (n: string, name: string): Who & { tenantId: string } => ({ aadObjectId: `11111111-0000-4000-8000-0000000000${n}`, name, tenantId: OTHER });
const B = {
  admin: person('01', 'Bea Admin'),
  officer: person('02', 'Ben Officer'),
  finance: person('03', 'Bill Finance'),
  hr: person('04', 'Beth Hr'),
  legal: person('05', 'Bob Legal'),
  director: person('06', 'Bella Director'),
};

const referenceIn = (messages: ReadonlyArray<Record<string, unknown>>) => /[A-Z]{2,5}-\d{4}-\d{4}/.exec(messages.map(textOf).join('\n'))?.[0];

describe('two councils on one deployment', () => {
  const graph = new GraphStandIn();
  const bot = new BotHarness();
  beforeAll(async () => {
    await graph.start();
    for (const p of Object.values(B)) graph.users.set(p.aadObjectId, p.name);
    await bot.start({ ADMINISTRATOR_IDS: B.admin.aadObjectId, GRAPH_BASE_URL: graph.url });
    await installForEveryone(bot);
    for (const p of Object.values(B)) await bot.post(bot.activity('installationUpdate', p, { action: 'add' }));
  });
  afterAll(async () => {
    await bot.stop();
    await graph.stop();
  });

  /** Raises seed 004 by chat as `who` and clicks Submit on its summary; the bot's messages. */
  async function raiseAndSubmit(who: Who & { tenantId?: string }): Promise<Array<Record<string, unknown>>> {
    for (const said of RAISE_SEED_004.slice(0, -1)) await bot.say(said, who);
    const summary = await bot.say(RAISE_SEED_004.at(-1)!, who);
    const draftId = /"verb":"draft\.submit"[^}]*"draft":"([0-9a-z]+)"/.exec(JSON.stringify(summary))![1]!;
    return submit(who, draftId);
  }
  async function submit(who: Who & { tenantId?: string }, draftId: string) {
    const draft = await storeFor(bot).drafts.get({ tenantId: who.tenantId ?? TENANT, aadObjectId: who.aadObjectId }, draftId);
    const clicked = await bot.execute('draft.submit', { draft: draftId, version: draft!.revision }, 'draft-card', who);
    return [...clicked.messages, ...(clicked.card ? [clicked.card] : [])];
  }
  let theirs = '';
  const approversOf = async (reference: string) => (await storeFor(bot).requests.get(reference))!.workflow.approvers!;

  it("routes each council's requests to its own people, and neither sees the other's", async () => {
    // Its administrator sets it up in Teams: every part theirs at first, then the real people.
    const overview = (await bot.say('settings', B.admin)).at(-1)!;
    expect(textOf(overview)).toContain('Bea Admin');
    expect(textOf(overview)).not.toContain('Dana Director');
    const form = await bot.click(overview, 'Change Every directorate', {}, B.admin);
    const saved = await bot.click(
      form.card!,
      'Save',
      { finance: B.finance.aadObjectId, hr: B.hr.aadObjectId, legal: B.legal.aadObjectId, director: B.director.aadObjectId },
      B.admin,
    );
    expect(textOf(saved.card!)).toContain('Director Bea Admin → Bella Director');
    // …its own reference series…
    const general = await bot.click(saved.card!, 'Change scrutiny, reminders or administrators', {}, B.admin);
    const prefixed = await bot.click(general.card!, 'Save', { referencePrefix: 'bcc' }, B.admin);
    expect(textOf(prefixed.card!)).toContain('Reference prefix: ECR → BCC');
    // …and its own pay table (until then its officers are asked every cost: no other council's figures).
    const imported = await sendFile(bot, 'pay.csv', Buffer.from(PAY_TABLE_CSV), { user: B.admin, text: 'import pay table' });
    expect(imported.map(textOf).join('\n')).toContain('The pay table is now');

    theirs = referenceIn(await raiseAndSubmit(B.officer))!;
    const ours = referenceIn(await raiseAndSubmit(PEOPLE.officer))!;
    expect(theirs).toMatch(/^BCC-\d{4}-0001$/);
    expect(ours).toMatch(/^ECR-\d{4}-\d{4}$/);

    const b = await approversOf(theirs);
    expect([b.finance.aadObjectId, b.hr.aadObjectId, b.legal.aadObjectId]).toEqual([B.finance.aadObjectId, B.hr.aadObjectId, B.legal.aadObjectId]);
    expect(b.decision).toMatchObject({ kind: 'director', person: { aadObjectId: B.director.aadObjectId, tenantId: OTHER } });
    const a = await approversOf(ours);
    expect(a.decision).toMatchObject({ kind: 'director', person: { aadObjectId: PEOPLE.director.aadObjectId, tenantId: TENANT } });

    // Nothing crosses: neither council's people can see the other's request, by any command.
    for (const [who, reference] of [
      [PEOPLE.director, theirs],
      [PEOPLE.democratic, theirs],
      [B.director, ours],
      [B.admin, ours],
    ] as const) {
      for (const command of ['status', 'history', 'report', 'documents']) {
        const said = (await bot.say(`${command} ${reference}`, who)).map(textOf).join('\n');
        expect(said).not.toContain('Commissioning');
        expect(said).not.toContain(reference === ours ? 'Olivia Officer' : 'Ben Officer');
      }
    }
    // Each administrator sees and changes only their own council's settings.
    const aSettings = (await bot.say('settings', PEOPLE.democratic)).at(-1)!;
    expect(textOf(aSettings)).toContain('Dana Director');
    expect(textOf(aSettings)).not.toContain('Bella Director');
    // A click on the first council's card by the second's administrator answers with the second's own settings.
    const crossed = await bot.click(aSettings, 'Change Every directorate', {}, B.admin);
    expect(textOf(crossed.card!)).toContain('Bella Director');
    expect(textOf(crossed.card!)).not.toContain('Dana Director');
  });

  it("members of the council's administrators' Entra group administer it, and nobody else does", async () => {
    const GROUP = '22222222-2222-4222-8222-222222222222';
    graph.groups.set(B.hr.aadObjectId, [GROUP]);
    expect((await bot.say('settings', B.hr)).map(textOf).join('\n')).not.toContain('Establishment Changes settings');

    const overview = (await bot.say('settings', B.admin)).at(-1)!;
    const form = await bot.click(overview, 'Change scrutiny, reminders or administrators', {}, B.admin);
    const saved = await bot.click(form.card!, 'Save', { administratorGroupId: GROUP.toUpperCase() }, B.admin);
    expect(textOf(saved.card!)).toContain(`Administrators' group: none → ${GROUP}`);

    expect(textOf((await bot.say('settings', B.hr)).at(-1)!)).toContain('Establishment Changes settings');
    expect((await bot.say('settings', B.legal)).map(textOf).join('\n')).not.toContain('Establishment Changes settings');
    // …and may reassign: the group member moves the second council's legal review.
    const reassign = (await bot.say(`reassign ${theirs}`, B.hr)).at(-1)!;
    const moved = await bot.click(reassign, 'Reassign', { part: 'legal', to: B.admin.aadObjectId, reason: 'Bob is on long-term leave' }, B.hr);
    expect(textOf(moved.card!)).toContain('Reassigned the legal review to Bea Admin');
    expect((await approversOf(theirs)).legal.aadObjectId).toBe(B.admin.aadObjectId);

    // Graph failing counts as not a member: nobody becomes an administrator by an error.
    graph.groups.set(B.director.aadObjectId, [GROUP]);
    graph.failNext(503);
    expect((await bot.say('settings', B.director)).map(textOf).join('\n')).not.toContain('Establishment Changes settings');
    // A member of the first council with the same group id in Graph is not an administrator of the second.
    graph.groups.set(PEOPLE.officer.aadObjectId, [GROUP]);
    expect((await bot.say('settings', PEOPLE.officer)).map(textOf).join('\n')).not.toContain('Bella Director');
  });
});
