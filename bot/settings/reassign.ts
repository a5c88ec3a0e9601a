import { CardFactory, type TurnContext } from 'botbuilder';
import { z } from 'zod';
import { DISCIPLINES } from '../../domain/duties';
import type { Rules } from '../../domain/lifecycle';
import type { Person } from '../../domain/person';
import { parseReference } from '../../domain/reference';
import { administers } from '../../app/change-settings';
import type { Stored } from '../../app/ports/requests';
import type { WorkflowService } from '../../app/workflow-service';
import { reassignCard, type ReassignData } from '../../cards/reassign';
import { SettingsVerbs } from '../../cards/verbs';
import { activitySender } from '../actor';
import { cardAction, type CardActionHandler } from '../invoke/card-action-router';
import { cardResponse, errorResponse } from '../invoke/invoke-response';
import type { PeopleNames } from './people-names';
import type { SettingsChatDeps } from './settings-chat';

export interface ReassignDeps extends SettingsChatDeps {
  workflow: Pick<WorkflowService, 'load' | 'act'>;
  names: PeopleNames;
}

const PART_LABEL = { finance: 'Finance review', hr: 'HR review', legal: 'Legal review', decision: 'Decision' } as const;
const OPEN = new Set(['submitted', 'in_review', 'awaiting_decision']);
const NO_SUCH = 'There is no request with that reference in your council that can be reassigned.';

/** What the administrator sees: who holds each part and which can move; no content beyond the title. */
function cardData(stored: Stored, people: ReassignData['people'], notice?: { text: string; style: 'good' | 'attention' }): ReassignData {
  const { workflow } = stored;
  const a = workflow.approvers!;
  const decider = a.decision.kind === 'director' ? a.decision.person : a.decision.recordedBy;
  const pending = DISCIPLINES.filter((d) => !workflow.reviews[d] && workflow.status !== 'awaiting_decision');
  return {
    reference: stored.reference,
    version: workflow.version,
    title: stored.content.decisionFacts.exempt ? 'Establishment change (contains exempt information)' : (stored.content.title ?? 'Establishment change'),
    notice: notice?.text ?? '',
    noticeStyle: notice?.style ?? 'default',
    holders: [
      ...DISCIPLINES.map((d) => ({ title: PART_LABEL[d], value: `${a[d].name}${workflow.reviews[d] ? ' (done)' : ''}` })),
      { title: PART_LABEL.decision, value: decider.name },
    ],
    parts: [
      ...pending.map((d) => ({ title: `${PART_LABEL[d]} (now ${a[d].name})`, value: d })),
      { title: `Decision (now ${decider.name})`, value: 'decision' as const },
    ],
    people,
  };
}

/** The request, if it is this administrator's council's and still has something to reassign. */
async function loadOwn(deps: ReassignDeps, sender: Person, reference: string): Promise<{ stored: Stored; rules: Rules } | undefined> {
  const found = await deps.workflow.load(reference, sender.tenantId);
  // Another council's request is not there for this administrator at all.
  if (!found || found.stored.workflow.requester.tenantId.toLowerCase() !== sender.tenantId.toLowerCase()) return undefined;
  return OPEN.has(found.stored.workflow.status) && found.stored.workflow.approvers ? found : undefined;
}

const KEY = Symbol('reassign');

export function reassignMiddleware(deps: ReassignDeps) {
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
      context.turnState.set(KEY, deps);
      await next();
    },
  };
}

/** `reassign ECR-2026-0001`, by an administrator in their 1:1 chat: the reassign card. */
export async function answerReassign(context: TurnContext, text: string): Promise<boolean> {
  const m = /^\s*reassign\s+(\S+)\s*$/i.exec(text);
  const deps = context.turnState.get(KEY) as ReassignDeps | undefined;
  const sender = activitySender(context.activity);
  if (!m || !deps || !sender || !(await administers(deps, sender))) return false;
  const reference = parseReference(m[1]);
  const stored = reference && (await loadOwn(deps, sender, reference))?.stored;
  if (!stored) return (void (await context.sendActivity(NO_SUCH)), true);
  const current = await deps.councils.current(sender.tenantId);
  const card = reassignCard.render(cardData(stored, deps.names.choices(current?.settings, sender.tenantId)));
  await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card)] });
  return true;
}

export function reassignHandler(deps: ReassignDeps): CardActionHandler {
  return cardAction({
    verb: SettingsVerbs.reassign,
    data: z.object({
      reference: z.string().max(40),
      version: z.coerce.number().int().min(1),
      part: z.enum(['finance', 'hr', 'legal', 'decision']),
      to: z.string().max(60),
      reason: z.string().max(500).default(''),
    }),
    async handle({ sender }, data) {
      const reference = parseReference(data.reference);
      if (!(await administers(deps, sender)) || !reference)
        return errorResponse(403, 'NOT_ALLOWED', "Only your council's administrators can reassign a review or decision.");
      const loaded = await loadOwn(deps, sender, reference);
      if (!loaded) return errorResponse(404, 'NOT_FOUND', NO_SUCH);
      const { stored } = loaded;
      const current = await deps.councils.current(sender.tenantId);
      const people = deps.names.choices(current?.settings, sender.tenantId);
      const again = (s: Stored, text: string, style: 'good' | 'attention') => cardResponse(reassignCard.render(cardData(s, people, { text, style })));
      const id = data.to.trim().toLowerCase();
      const name = /^[0-9a-f-]{36}$/.test(id) ? await deps.names.nameOf(current?.settings, sender.tenantId, id) : undefined;
      if (!name) return again(stored, 'I could not look up the person you picked, so nothing was changed. Pick them again.', 'attention');
      const to = { tenantId: sender.tenantId, aadObjectId: id, name };
      // Checked above (administers): a member of the council's administrators' group is one of its administrators for this act.
      const rules = { ...loaded.rules, administrators: [...(loaded.rules.administrators ?? []), sender] };
      const result = await deps.workflow.act(
        sender,
        reference,
        { type: 'reassign', expectedVersion: data.version, part: data.part, to, reason: data.reason },
        { rules, stored },
      );
      if (!result.ok) return again(result.stored ?? stored, `${result.message} Nothing was changed.`, 'attention');
      const still = OPEN.has(result.stored.workflow.status);
      const text = `Reassigned the ${PART_LABEL[data.part].toLowerCase()} to ${name}: they have the card, and the requester has been told.`;
      return still
        ? again(result.stored, text, 'good')
        : cardResponse(reassignCard.render({ ...cardData(result.stored, people, { text, style: 'good' }), parts: [] }));
    },
  });
}
