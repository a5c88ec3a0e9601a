import { CardFactory } from 'botbuilder';
import { renderEstablishmentCard } from '../../cards/establishment';
import { londonDate } from '../../domain/calendar-date';
import { mayViewEstablishment } from '../../domain/establishment-access';
import { findScope } from '../../domain/establishment';
import { establishmentView } from '../../domain/establishment-view';
import { establishmentDeps } from '../establishment/establishment-feature';
import type { ChatCommand } from './chat-command';

/**
 * `establishment <directorate, service or team>`: the establishment ledger's card, for those
 * domain/establishment-access.ts lets see that directorate. Someone else learns nothing,
 * not even whether the name is in the ledger.
 */
export const establishment: ChatCommand<'establishment'> = {
  name: 'establishment',
  usage: 'establishment Commissioning and Market Management',
  description: 'A directorate’s, service’s or team’s posts: FTE and cost now, the last year’s changes by decision (with charts), what is pending',
  words: ['establishment'],
  argument: 'required',
  topics: ['establishment', 'fte', 'headcount', 'posts', 'ledger'],
  midDialogue: 'ask-again',
  async run({ context, sender }, argument) {
    const deps = establishmentDeps(context);
    if (!deps) return void (await context.sendActivity('The establishment ledger is not switched on for this bot.'));
    if (context.activity.conversation?.conversationType !== 'personal')
      return void (await context.sendActivity('Ask me **establishment** in our 1:1 chat: it shows posts and their costs.'));
    const [ledger, routing] = await Promise.all([deps.ledger.read(sender.tenantId), deps.routing(sender.tenantId)]);
    const scope = findScope(ledger, argument);
    const refused = `I can't show an establishment for "${argument.slice(0, 80)}". Finance and HR reviewers and the director see their directorate's; name a directorate, service or team exactly.`;
    if (!scope || !mayViewEstablishment(sender, scope, routing, await deps.isAdministrator(sender))) return void (await context.sendActivity(refused));
    const card = renderEstablishmentCard(establishmentView(ledger, scope, londonDate(deps.now())));
    await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card)] });
  },
};
