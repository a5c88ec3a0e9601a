import fc from 'fast-check';
import { Verbs } from '../../cards/verbs';
import { decide, newWorkflow, SYSTEM, type Person, type Command, type WorkflowState } from '../../domain/lifecycle';
import { RequestContentSchema } from '../../domain/request';
import { workingCalendar } from '../../domain/working-days';
import { BotHarness, OFFICER, TENANT, textOf } from '../support/bot-harness';
import { addToDecisionsTeam, installForEveryone, PEOPLE, SEED_004, storeFor, type PersonRole } from '../support/workflow';

/**
 * The access policy, attacked: every verb and trigger, every command, as every person, on
 * every surface, against requests at every stage. What may be seen is written out here
 * independently of domain/access.ts (an oracle), and the bot's answers are searched for
 * marker text planted in each part of the request.
 */
const MARK = { title: 'TITLEMARK', private: 'PRIVATEMARK', exempt: 'EXEMPTMARK', comment: 'COMMENTMARK' } as const;

const CONTENT = RequestContentSchema.parse({
  ...SEED_004,
  title: `${MARK.title} Commissioning posts`,
  case: { ...SEED_004.case, background: `${MARK.private} background`, hrImplications: `${MARK.exempt} about a named officer` },
  decisionFacts: { keyDecision: false, openToCallIn: true, exempt: { paragraph: 1, sections: ['hrImplications'] } },
});

const person = (key: PersonRole, initials?: string) => ({
  tenantId: TENANT,
  aadObjectId: PEOPLE[key].aadObjectId,
  name: PEOPLE[key].name,
  ...(initials ? { initials } : {}),
});
const approvers = {
  finance: person('finance', 'FF'),
  hr: person('hr', 'HH'),
  legal: person('legal', 'LL'),
  decision: { kind: 'director' as const, person: person('director', 'DD') },
};
const rules = {
  calendar: workingCalendar(),
  callInWorkingDays: 5,
  minimumMembersToCallIn: 1,
  scrutinyMembers: [person('scrutiny1'), person('scrutiny2')],
  scrutinyOfficer: person('scrutinyOfficer'),
  deputies: [],
};

/** The steps to each stage, run through the real lifecycle. */
const STEPS: Array<[Person, Command]> = [
  [person('officer'), { type: 'submit', approvers, openToCallIn: true }],
  [SYSTEM, { type: 'start_review' }],
  [person('finance'), { type: 'add_comment', expectedVersion: 3, discipline: 'finance', text: `${MARK.comment} funding confirmed` }],
  [person('hr'), { type: 'add_comment', expectedVersion: 4, discipline: 'hr', text: 'Grades confirmed.' }],
  [person('legal'), { type: 'add_comment', expectedVersion: 5, discipline: 'legal', text: 'No legal implications.' }],
  [person('director'), { type: 'approve', interest: { kind: 'none' }, expectedVersion: 6 }],
  [SYSTEM, { type: 'publish' }],
  [person('scrutiny1'), { type: 'call_in', expectedVersion: 8, grounds: 'Funding not secured.' }],
];
const STAGES = { in_review: 3, awaiting_decision: 5, approved: 6, published: 7, called_in: 8 } as const;
type Stage = keyof typeof STAGES;
const PUBLISHED: readonly Stage[] = ['published', 'called_in'];

function stateAfter(steps: number): WorkflowState {
  let state = newWorkflow(person('officer'));
  for (const [who, command] of STEPS.slice(0, steps)) {
    const d = decide(state, command, who, new Date(), rules);
    if (!d.ok) throw new Error(`seeding: ${d.message}`);
    state = d.state;
  }
  return state;
}

/** The oracle: what each person may see of a request at each stage, on each surface. */
const STAFF: readonly PersonRole[] = ['officer', 'finance', 'hr', 'legal', 'director'];
const SCRUTINY: readonly PersonRole[] = ['scrutiny1', 'scrutiny2', 'scrutinyOfficer'];
function mayKnow(who: PersonRole, stage: Stage, surface: Surface): 'everything' | 'public' | 'nothing' {
  const entitled = STAFF.includes(who) || (SCRUTINY.includes(who) && PUBLISHED.includes(stage));
  if (surface === 'personal' && entitled) return 'everything';
  return PUBLISHED.includes(stage) ? 'public' : 'nothing';
}

type Surface = 'personal' | 'groupChat' | 'channel';
function surfaceOf(surface: Surface, bot: BotHarness, who: PersonRole): Record<string, unknown> {
  if (surface === 'personal') return { conversation: { id: bot.personalConversationId(PEOPLE[who]), conversationType: 'personal', tenantId: TENANT } };
  const id = surface === 'channel' ? '19:decisions@thread.tacv2;messageid=1' : '19:group-chat@thread.v2';
  return {
    conversation: { id, conversationType: surface, tenantId: TENANT },
    channelData: {
      tenant: { id: TENANT },
      ...(surface === 'channel' ? { channel: { id: '19:decisions@thread.tacv2' }, team: { id: '19:team@thread.tacv2' } } : {}),
    },
  };
}

function leaks(text: string, allowed: 'everything' | 'public' | 'nothing'): string[] {
  if (allowed === 'everything') return [];
  const forbidden = allowed === 'public' ? [MARK.private, MARK.exempt, MARK.comment] : Object.values(MARK);
  return forbidden.filter((m) => text.includes(m));
}

describe('access policy: nobody receives any field of a request outside the policy (issue 26, findings 1, 2, 11)', () => {
  const bot = new BotHarness();
  const refs = {} as Record<Stage, string>;

  beforeAll(async () => {
    await bot.start();
    await installForEveryone(bot);
    await addToDecisionsTeam(bot);
    const { drafts, requests } = storeFor(bot);
    const owner = { tenantId: TENANT, aadObjectId: OFFICER.aadObjectId };
    let n = 100;
    for (const [stage, steps] of Object.entries(STAGES) as Array<[Stage, number]>) {
      const reference = `ECR-2026-0${n++}`;
      const draft = await drafts.create(owner, CONTENT);
      await requests.submitDraft(owner, draft, reference, stateAfter(steps), { action: 'seeded' });
      refs[stage] = reference;
    }
  });
  afterAll(() => bot.stop());

  /** Everything the bot sent anywhere while `run` ran, plus the invoke's own answer. */
  async function observe(run: () => Promise<{ body?: unknown }>): Promise<string> {
    const before = bot.connector.calls.length;
    const result = await run();
    return [JSON.stringify(result.body ?? ''), ...bot.connector.calls.slice(before).map((c) => textOf(c.body))].join('\n');
  }

  const VERBS = Object.values(Verbs);
  const PEOPLE_KEYS = Object.keys(PEOPLE) as PersonRole[];

  it('holds for every verb × trigger × person × surface × stage of a card action', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...VERBS),
        fc.constantFrom('manual' as const, 'automatic' as const),
        fc.constantFrom(...PEOPLE_KEYS),
        fc.constantFrom<Surface>('personal', 'groupChat', 'channel'),
        fc.constantFrom(...(Object.keys(STAGES) as Stage[])),
        async (verb, trigger, who, surface, stage) => {
          // A manual click names a version long gone, so nothing changes between runs; the refusal still shows what the clicker may see.
          const version = trigger === 'manual' ? 1 : STAGES[stage] + 1;
          const value = {
            action: {
              type: 'Action.Execute',
              verb,
              data: { reference: refs[stage], version, commentText: 'x', approveReasons: 'x', rejectReasons: 'x', returnReason: 'x', callInGrounds: 'x' },
            },
            trigger,
          };
          const seen = await observe(() =>
            bot.post(bot.activity('invoke', PEOPLE[who], { name: 'adaptiveCard/action', value, ...surfaceOf(surface, bot, who) })),
          );
          expect({ verb, trigger, who, surface, stage, leaked: leaks(seen, mayKnow(who, stage, surface)) }).toEqual({
            verb,
            trigger,
            who,
            surface,
            stage,
            leaked: [],
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('holds for every request command × person × surface × stage', async () => {
    const commands = ['status', 'history', 'report', 'call in', 'withdraw', 'revise'];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...commands),
        fc.constantFrom(...PEOPLE_KEYS.filter((k) => k !== 'officer')),
        fc.constantFrom<Surface>('personal', 'groupChat', 'channel'),
        fc.constantFrom(...(Object.keys(STAGES) as Stage[])),
        async (command, who, surface, stage) => {
          const text = `${surface === 'personal' ? '' : '<at>Establishment Changes</at> '}${command} ${refs[stage]}`;
          const seen = await observe(() => bot.post(bot.activity('message', PEOPLE[who], { text, ...surfaceOf(surface, bot, who) })));
          expect({ command, who, surface, stage, leaked: leaks(seen, mayKnow(who, stage, surface)) }).toEqual({ command, who, surface, stage, leaked: [] });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('answers a stranger\'s automatic "approve" with nothing of the request (finding 1)', async () => {
    const seen = await bot.invoke(
      { action: { type: 'Action.Execute', verb: Verbs.approve, data: { reference: refs.awaiting_decision, version: 6 } }, trigger: 'automatic' },
      PEOPLE.stranger,
    );
    expect(seen.body).toMatchObject({ statusCode: 404, type: 'application/vnd.microsoft.error' });
    expect(leaks(JSON.stringify(seen.body), 'nothing')).toEqual([]);
  });

  it("answers the officer's own status, history and report typed in a channel or group chat with a hint, not the request (finding 2)", async () => {
    for (const surface of ['channel', 'groupChat'] as const) {
      for (const command of ['status', 'history', 'report']) {
        const seen = await observe(() =>
          bot.post(
            bot.activity('message', OFFICER, { text: `<at>Establishment Changes</at> ${command} ${refs.published}`, ...surfaceOf(surface, bot, 'officer') }),
          ),
        );
        expect(leaks(seen, 'public')).toEqual([]);
        expect(seen).toContain('1:1 chat');
        expect(seen).not.toContain('/reports/');
      }
    }
  });

  it('greets a team once, in words, and never posts the help card there (finding 11)', async () => {
    const channel = '19:second@thread.tacv2';
    const before = bot.connector.calls.length;
    await addToDecisionsTeam(bot, channel);
    await addToDecisionsTeam(bot, channel);
    const posts = bot.connector.calls.slice(before).filter((c) => c.conversationId.startsWith(channel) && c.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body.attachments).toBeUndefined();
    const help = await observe(() =>
      bot.post(bot.activity('message', OFFICER, { text: '<at>Establishment Changes</at> help', ...surfaceOf('channel', bot, 'officer') })),
    );
    expect(help).not.toContain('AdaptiveCard');
  });
});
