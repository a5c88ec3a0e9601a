import { callInProgress } from '../../domain/call-in';
import type { ChatCommand } from './chat-command';

/** `call in <reference> <grounds>`: a scrutiny member calls in a published decision. */
export const callIn: ChatCommand<'call-in'> = {
  name: 'call-in',
  usage: 'call in ECR-2026-0001 <grounds>',
  description: 'Scrutiny members: call in a published decision, giving the grounds',
  words: ['call in', 'call-in', 'callin'],
  argument: 'required',
  topics: ['call in', 'call-in', 'scrutiny'],
  midDialogue: 'ask-again',
  async run({ context, service, sender }, argument) {
    const m = /^(\S+)\s*(.*)$/s.exec(argument);
    const found = await service.find(sender, m?.[1] ?? '');
    if (!found.ok) return void (await context.sendActivity(found.message));
    const { stored, rules } = found.value;
    const grounds = (m?.[2] ?? '').trim();
    if (!grounds) return void (await context.sendActivity(`Please give your grounds: **call in ${stored.reference} <your grounds>**.`));
    const actor = { tenantId: sender.tenantId, aadObjectId: sender.aadObjectId, name: sender.name };
    const result = await service.workflow.act(
      actor,
      stored.reference,
      { type: 'call_in', expectedVersion: stored.workflow.version, grounds: grounds.slice(0, 4000) },
      { stored, rules },
    );
    if (!result.ok) return void (await context.sendActivity(result.message));
    const recorded = result.decision.events.find((e) => e.type === 'call_in_recorded');
    await context.sendActivity(
      result.stored.workflow.status === 'called_in'
        ? `Your call-in of ${stored.reference} is recorded: the decision is now called in and suspended.`
        : `Your call-in of ${stored.reference} is recorded. ${recorded ? callInProgress(recorded.count, recorded.needed) : ''}`,
    );
  },
};
