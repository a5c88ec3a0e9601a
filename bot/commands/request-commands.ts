import { CardFactory, type TurnContext } from 'botbuilder';
import type { DialogContext } from 'botbuilder-dialogs/lib/dialogContext';
import { callInProgress } from '../../domain/call-in';
import type { ActivitySender } from '../actor';
import type { OfficerChat } from '../dialogs/officer-chat';
import { sendSummary } from '../dialogs/summary-cards';
import type { RequestViews } from '../request-views';
import type { RequestService } from '../requests/request-service';
import { formatHistory } from '../views/history-view';

export interface RequestCommandContext {
  context: TurnContext;
  dc: DialogContext;
  chat: OfficerChat;
  service: RequestService;
  views: RequestViews;
  sender: ActivitySender;
  /** Where a request's decision report is downloaded (the download checks who signs in). */
  reportLink: (reference: string) => string;
}

type RequestCommand = { name: 'status' | 'withdraw' | 'history' | 'revise' | 'call-in' | 'report'; argument: string };

/**
 * The commands about one request, typed in the 1:1 chat. Each finds the request through
 * RequestService.find, which asks the access policy: nobody learns of a request they may
 * not see, whatever they type.
 */
export async function runRequestCommand(command: RequestCommand, { context, dc, chat, service, views, sender, reportLink }: RequestCommandContext): Promise<void> {
  switch (command.name) {
    case 'status': {
      // Anyone may see a published decision's public summary; the whole request only those entitled.
      const found = await service.find(sender, command.argument, 'public');
      if (!found.ok) return void (await context.sendActivity(found.message));
      const card = await views.cardFor(found.value.stored, { tenantId: sender.tenantId, aadObjectId: sender.aadObjectId, name: sender.name }, 'personal', found.value.rules);
      await context.sendActivity(card ? { attachments: [CardFactory.adaptiveCard(card)] } : `I can't find ${found.value.stored.reference} among the requests you can see.`);
      return;
    }
    case 'withdraw': {
      const result = await service.withdraw(sender, command.argument);
      await context.sendActivity(result.ok ? `${result.value.reference} is withdrawn. Everyone who had it is told.` : result.message);
      return;
    }
    case 'history': {
      const result = await service.history(sender, command.argument);
      await context.sendActivity(result.ok ? formatHistory(result.value.reference, result.value.entries) : result.message);
      return;
    }
    case 'revise': {
      const result = await service.revise(sender, command.argument);
      if (!result.ok) return void (await context.sendActivity(result.message));
      await dc.cancelAllDialogs();
      await context.sendActivity(`Here is ${result.value.resubmits} as it was returned. Use **Edit** to change what is needed, then **Submit** to resubmit it: review starts again, and earlier comments stay in its history.`);
      await sendSummary(chat, context, service, result.value);
      return;
    }
    case 'call-in': {
      const m = /^(\S+)\s*(.*)$/s.exec(command.argument);
      const found = await service.find(sender, m?.[1] ?? '');
      if (!found.ok) return void (await context.sendActivity(found.message));
      const { stored, rules } = found.value;
      const grounds = (m?.[2] ?? '').trim();
      if (!grounds) return void (await context.sendActivity(`Please give your grounds: **call in ${stored.reference} <your grounds>**.`));
      const actor = { tenantId: sender.tenantId, aadObjectId: sender.aadObjectId, name: sender.name };
      const result = await service.workflow.act(actor, stored.reference, { type: 'call_in', expectedVersion: stored.workflow.version, grounds: grounds.slice(0, 4000) }, { stored, rules });
      if (!result.ok) return void (await context.sendActivity(result.message));
      const recorded = result.decision.events.find((e) => e.type === 'call_in_recorded');
      await context.sendActivity(
        result.stored.workflow.status === 'called_in'
          ? `Your call-in of ${stored.reference} is recorded: the decision is now called in and suspended.`
          : `Your call-in of ${stored.reference} is recorded. ${recorded ? callInProgress(recorded.count, recorded.needed) : ''}`,
      );
      return;
    }
    case 'report': {
      const found = await service.find(sender, command.argument);
      if (!found.ok) return void (await context.sendActivity(found.message));
      const { reference, workflow } = found.value.stored;
      if (!workflow.decision) return void (await context.sendActivity(`${reference} has no decision yet: its report is made once it is approved or rejected.`));
      const link = reportLink(reference);
      await context.sendActivity(`The decision report for ${reference} (Word, with any exempt information in a confidential appendix): [download ${reference}.docx](${link}). You sign in to download it, and it opens only for people who may see this request.`);
      return;
    }
  }
}
