import { BotHarness, textOf } from '../support/bot-harness';
import { submitDraft } from '../support/drafts';
import { installForEveryone, PEOPLE, RAISE_SEED_004, raiseSeed004, storeFor } from '../support/workflow';
import { CouncilSettingsStore } from '../../storage/council-settings-store';
import { createTableService, TableNames } from '../../storage/table-service';
import { testConnectionString } from '../support/tables';
import { TENANT } from '../../fixtures/seed-004';

const ADMIN = PEOPLE.democratic; // democratic services administer while nobody else is named
const NEW_DIRECTOR = PEOPLE.stranger;

const referenceIn = (messages: ReadonlyArray<Record<string, unknown>>) => /ECR-\d{4}-\d{4}/.exec(messages.map(textOf).join('\n'))?.[0];

async function submitSeed004(bot: BotHarness): Promise<string> {
  const draftId = await raiseSeed004(bot);
  const reference = referenceIn(await submitDraft(bot, draftId!));
  if (!reference) throw new Error('not submitted');
  return reference;
}

describe('settings in Teams', () => {
  const bot = new BotHarness();
  beforeAll(async () => {
    await bot.start();
    await installForEveryone(bot);
  });
  afterAll(() => bot.stop());

  const decider = async (reference: string) => {
    const stored = await storeFor(bot).requests.get(reference);
    const d = stored!.workflow.approvers!.decision;
    return d.kind === 'director' ? d.person.aadObjectId : d.recordedBy.aadObjectId;
  };
  const settingsStore = () =>
    new CouncilSettingsStore(createTableService({ connectionString: testConnectionString(), tablePrefix: bot.tablePrefix }).client(TableNames.Settings));

  it('an administrator changes the director from the settings card; the next submission goes to the new director, the earlier request keeps its own', async () => {
    const before = await submitSeed004(bot);
    expect(await decider(before)).toBe(PEOPLE.director.aadObjectId);

    const overview = (await bot.say('settings', ADMIN)).at(-1)!;
    expect(textOf(overview)).toContain('Dana Director');
    const form = await bot.click(overview, 'Change Every directorate', {}, ADMIN);
    expect(form.card).toBeDefined();
    // The picker shows the current director, by name, before anything is typed.
    expect(textOf(form.card!)).toContain('graph.microsoft.com/users');
    const saved = await bot.click(form.card!, 'Save', { director: NEW_DIRECTOR.aadObjectId }, ADMIN);
    expect(textOf(saved.card!)).toContain('Saved as version 2');
    expect(textOf(saved.card!)).toContain('Director Dana Director → Sid Stranger');

    const after = await submitSeed004(bot);
    expect(await decider(after)).toBe(NEW_DIRECTOR.aadObjectId);
    expect(await decider(before)).toBe(PEOPLE.director.aadObjectId);

    // Every version is kept with who changed what.
    const history = await settingsStore().history(TENANT);
    expect(history[0]).toMatchObject({ version: 2, by: { name: ADMIN.name }, changes: [expect.stringContaining('Sid Stranger')] });
    expect(history.at(-1)).toMatchObject({ version: 1, changes: ['Settings taken from the routing file'] });
  });

  it('a save over a newer version writes nothing and shows the settings as they are now', async () => {
    const overview = (await bot.say('settings', ADMIN)).at(-1)!;
    const formA = await bot.click(overview, 'Change Every directorate', {}, ADMIN);
    const formB = await bot.click(overview, 'Change Every directorate', {}, ADMIN);
    const first = await bot.click(formA.card!, 'Save', { finance: PEOPLE.chief.aadObjectId }, ADMIN);
    expect(textOf(first.card!)).toContain('Finance reviewer Fiona Finance → Cara Chief Executive');
    const second = await bot.click(formB.card!, 'Save', { hr: PEOPLE.chief.aadObjectId }, ADMIN);
    expect(textOf(second.card!)).toContain('Someone changed the settings after this card was drawn, so nothing was saved');
    const now = await settingsStore().current(TENANT);
    expect(now!.settings.default.hr.aadObjectId).toBe(PEOPLE.hr.aadObjectId);
  });

  it('nobody but an administrator sees or changes the settings, whatever their card says', async () => {
    const overview = (await bot.say('settings', ADMIN)).at(-1)!;
    const version = (await settingsStore().current(TENANT))!.version;
    for (const who of [PEOPLE.officer, PEOPLE.director, PEOPLE.finance, PEOPLE.scrutiny1]) {
      const said = await bot.say('settings', who);
      expect(said.map(textOf).join('\n')).not.toContain('Establishment Changes settings');
      const form = await bot.click(overview, 'Change Every directorate', {}, who);
      expect(form.body.statusCode).toBe(403);
      const crafted = await bot.execute(
        'settings.saveRoute',
        {
          route: 'default',
          version,
          finance: who.aadObjectId,
          hr: PEOPLE.hr.aadObjectId,
          legal: PEOPLE.legal.aadObjectId,
          director: who.aadObjectId,
          democraticServices: ADMIN.aadObjectId,
          directorLimitPounds: '9999999',
          committeeName: 'Mine',
        },
        String(overview.id),
        who,
      );
      expect(crafted.body.statusCode).toBe(403);
    }
    expect((await settingsStore().current(TENANT))!.version).toBe(version);
  });

  it('a person nobody can name is refused, not stored under a made-up name', async () => {
    const overview = (await bot.say('settings', ADMIN)).at(-1)!;
    const form = await bot.click(overview, 'Change Every directorate', {}, ADMIN);
    const version = (await settingsStore().current(TENANT))!.version;
    const saved = await bot.click(form.card!, 'Save', { legal: '12345678-1234-1234-1234-123456789abc' }, ADMIN);
    expect(textOf(saved.card!)).toContain('I could not look up the name of one person you picked, so nothing was saved');
    expect((await settingsStore().current(TENANT))!.version).toBe(version);
  });

  it('adds a directorate, whose requests then go to its own people', async () => {
    const overview = (await bot.say('settings', ADMIN)).at(-1)!;
    const added = await bot.click(overview, 'Add directorate', { directorate: "Children's Services" }, ADMIN);
    expect(textOf(added.card!)).toContain("Directorate added: Children's Services");
    const form = await bot.click(added.card!, "Change Children's Services", {}, ADMIN);
    const saved = await bot.click(form.card!, 'Save', { director: PEOPLE.chief.aadObjectId }, ADMIN);
    expect(textOf(saved.card!)).toContain("Children's Services: Director");
    const now = (await settingsStore().current(TENANT))!.settings;
    expect(now.directorates["Children's Services"]!.director.aadObjectId).toBe(PEOPLE.chief.aadObjectId);

    // The officer's dialogue offers the council's directorates, and keeps the council's spelling.
    await bot.say('new request');
    const asked = await bot.say('Posts for the new family hubs');
    expect(JSON.stringify(asked)).toContain("Choose one of your council's directorates");
    expect(JSON.stringify(asked)).toContain(`"value":"Children's Services"`);
    await bot.say("children's   SERVICES");
    const draft = (await storeFor(bot).drafts.listForOwner({ tenantId: TENANT, aadObjectId: PEOPLE.officer.aadObjectId })).drafts;
    const drafts = await Promise.all(draft.map((d) => storeFor(bot).drafts.get({ tenantId: TENANT, aadObjectId: PEOPLE.officer.aadObjectId }, d.draftId)));
    expect(drafts.map((d) => d?.content.directorate)).toContain("Children's Services");
    // A directorate not set up is accepted, and the officer is told where it will go.
    await bot.say('back');
    const other = await bot.say('Place and Economy');
    expect(other.map(textOf).join('\n')).toContain('is not one of the directorates your council has set up');
  });

  it('changes scrutiny, reminders and closure days from the second form; a bad date is refused with what was typed kept', async () => {
    const overview = (await bot.say('settings', ADMIN)).at(-1)!;
    const form = await bot.click(overview, 'Change scrutiny, reminders or administrators', {}, ADMIN);
    const version = (await settingsStore().current(TENANT))!.version;
    const bad = await bot.click(form.card!, 'Save', { closureDays: '2026-12-29, 30/12/2026' }, ADMIN);
    expect(textOf(bad.card!)).toContain('These are not dates written YYYY-MM-DD: 30/12/2026');
    expect(textOf(bad.card!)).toContain('2026-12-29, 30/12/2026');
    expect((await settingsStore().current(TENANT))!.version).toBe(version);

    const saved = await bot.click(bad.card!, 'Save', { closureDays: '2026-12-30 2026-12-29', minimumMembersToCallIn: '2' }, ADMIN);
    expect(textOf(saved.card!)).toContain('Call-in quorum: 1 → 2');
    expect(textOf(saved.card!)).toContain('Closure days: none → 2026-12-29, 2026-12-30');
    const now = (await settingsStore().current(TENANT))!.settings;
    expect(now.closureDays).toEqual(['2026-12-29', '2026-12-30']);
    expect(now.scrutiny.minimumMembersToCallIn).toBe(2);
    expect(textOf(saved.card!)).not.toContain('Full-time week: ');
    const tooMany = await bot.click(saved.card!, 'Change scrutiny, reminders or administrators', {}, ADMIN);
    const refused = await bot.click(tooMany.card!, 'Save', { minimumMembersToCallIn: '3' }, ADMIN);
    expect(textOf(refused.card!)).toContain('The call-in quorum must be between 1 and the number of members (2)');

    // The council's own full-time week: the officer's "30 hours a week" is then 30 ÷ 36.
    const week = await bot.click(refused.card!, 'Save', { minimumMembersToCallIn: '2', fullTimeHours: '36' }, ADMIN);
    expect(textOf(week.card!)).toContain('Full-time week: the default → 36 hours');
    expect((await settingsStore().current(TENANT))!.settings.fullTimeHours).toBe(36);
  });

  it("holds the council's drafts to its own key decision threshold", async () => {
    const overview = (await bot.say('settings', ADMIN)).at(-1)!;
    const form = await bot.click(overview, 'Change scrutiny, reminders or administrators', {}, ADMIN);
    const saved = await bot.click(form.card!, 'Save', { keyDecisionThresholdPounds: '100000' }, ADMIN);
    expect(textOf(saved.card!)).toContain('Key decision threshold: £500,000 → £100,000');
    // Seed 004 costs £156,008 a year: now at or above the threshold, so its summary offers no Submit until it is marked a key decision.
    for (const said of RAISE_SEED_004.slice(0, -1)) await bot.say(said);
    const summary = (await bot.say(RAISE_SEED_004.at(-1)!)).map(textOf).join('\n');
    expect(summary).toContain('key decision');
    expect(summary).toContain('£100,000');
    expect(summary).not.toContain('draft.submit');
  });

  it("'use this channel': only an administrator moves the decisions channel, and settings are never shown in a channel", async () => {
    const CHANNEL = '19:council-decisions@thread.tacv2';
    const inChannel = (text: string, user: { aadObjectId: string; name: string }) =>
      bot.post(
        bot.activity('message', user, {
          text: `<at>Establishment Changes</at> ${text}`,
          conversation: { id: `${CHANNEL};messageid=7`, conversationType: 'channel', tenantId: TENANT },
          channelData: { tenant: { id: TENANT }, channel: { id: CHANNEL }, team: { id: '19:team@thread.tacv2' } },
        }),
      );
    const said = () => bot.connector.messagesTo(`${CHANNEL};messageid=7`).concat(bot.connector.messagesTo(CHANNEL)).map(textOf).join('\n');
    await inChannel('use this channel', PEOPLE.officer);
    expect(said()).toContain("Only your council's Establishment Changes administrators can choose the decisions channel");
    await inChannel('settings', ADMIN);
    expect(said()).not.toContain('Establishment Changes settings');
    expect((await settingsStore().current(TENANT))!.settings.decisionsChannelId).toBe('19:decisions@thread.tacv2');

    await inChannel('use this channel', ADMIN);
    expect(said()).toContain('will be posted in this channel from now on');
    expect((await settingsStore().current(TENANT))!.settings.decisionsChannelId).toBe(CHANNEL);
  });
});
