import fc from 'fast-check';
import { BotHarness, textOf } from '../support/bot-harness';
import { submitDraft } from '../support/drafts';
import { auditOf, installForEveryone, PEOPLE, raiseSeed004, storeFor } from '../support/workflow';

const ADMIN = PEOPLE.democratic;
const referenceIn = (messages: ReadonlyArray<Record<string, unknown>>) => /ECR-\d{4}-\d{4}/.exec(messages.map(textOf).join('\n'))?.[0];

describe('an administrator reassigns a review or decision not yet done', () => {
  const bot = new BotHarness();
  let reference = '';
  beforeAll(async () => {
    await bot.start();
    await installForEveryone(bot);
    reference = referenceIn(await submitDraft(bot, (await raiseSeed004(bot))!))!;
    // The bot starts the review itself just after submission: wait for it, as a real card would be drawn after it.
    for (let i = 0; i < 100 && (await storeFor(bot).requests.get(reference))!.workflow.status !== 'in_review'; i++) await new Promise((r) => setTimeout(r, 50));
  });
  afterAll(() => bot.stop());

  const approvers = async () => (await storeFor(bot).requests.get(reference))!.workflow.approvers!;
  const version = async () => (await storeFor(bot).requests.get(reference))!.workflow.version;

  it('moves the finance review to the person picked: audited with the reason, and the new reviewer gets the card', async () => {
    const card = (await bot.say(`reassign ${reference}`, ADMIN)).at(-1)!;
    expect(textOf(card)).toContain('Fiona Finance');
    expect(textOf(card)).not.toContain('Commissioning Officer'); // who holds what, never the request's content
    const done = await bot.click(card, 'Reassign', { part: 'finance', to: PEOPLE.chief.aadObjectId, reason: 'Fiona has left the council' }, ADMIN);
    expect(textOf(done.card!)).toContain('Reassigned the finance review to Cara Chief Executive');
    expect((await approvers()).finance.aadObjectId).toBe(PEOPLE.chief.aadObjectId);
    expect(await auditOf(bot, reference)).toContainEqual(
      expect.objectContaining({
        action: 'reassign',
        actor: expect.objectContaining({ aadObjectId: ADMIN.aadObjectId }),
        reason: 'Reassigned the finance review from Fiona Finance to Cara Chief Executive: Fiona has left the council',
      }),
    );
    await bot.connector.waitFor(() => bot.connector.messagesTo(bot.personalConversationId(PEOPLE.chief)).some((m) => textOf(m).includes(reference)));
  });

  it('refuses the requester, someone holding another part, and anyone but an administrator, whatever the card says', async () => {
    const card = (await bot.say(`reassign ${reference}`, ADMIN)).at(-1)!;
    const own = await bot.click(card, 'Reassign', { part: 'hr', to: PEOPLE.officer.aadObjectId, reason: 'x' }, ADMIN);
    expect(textOf(own.card!)).toContain('raised this request');
    const clash = await bot.click(card, 'Reassign', { part: 'hr', to: PEOPLE.legal.aadObjectId, reason: 'x' }, ADMIN);
    expect(textOf(clash.card!)).toContain('already holds another part');
    const before = await version();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(PEOPLE.officer, PEOPLE.finance, PEOPLE.director, PEOPLE.scrutiny1, PEOPLE.stranger, PEOPLE.chief),
        fc.constantFrom('finance', 'hr', 'legal', 'decision'),
        async (who, part) => {
          expect((await bot.say(`reassign ${reference}`, who)).map(textOf).join('\n')).not.toContain('Which part moves');
          const crafted = await bot.execute(
            'request.reassign',
            { reference, version: before, part, to: PEOPLE.stranger.aadObjectId, reason: 'mine now' },
            'x',
            who,
          );
          expect(crafted.body.statusCode).toBe(403);
        },
      ),
      { numRuns: 12 },
    );
    expect(await version()).toBe(before);
  });
});
