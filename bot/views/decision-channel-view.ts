import { renderDecisionChannelCard } from '../../cards/decision-channel';
import { TOKENS } from '../../cards/render';
import { checkDraft, type CheckOptions } from '../../domain/checks';
import { availableActions, type Person, type Rules, type WorkflowState } from '../../domain/lifecycle';
import { publicDecisionSummary } from '../../domain/public-summary';
import type { RequestContent } from '../../domain/request';

/**
 * The decisions channel's card: only the allow-listed public summary. The post everyone
 * sees has no buttons; scrutiny members' clients refresh it into their own view with
 * *Call in* while the call-in period is open. Teams refreshes automatically only for the
 * Teams user ids (29:…) in `scrutinyUserIds`; other members can use Refresh on the card.
 */
export function renderChannelCard(
  reference: string,
  content: RequestContent,
  workflow: WorkflowState,
  options: { rules: Rules; checks: CheckOptions; now: Date; viewer?: Person; scrutinyUserIds?: readonly string[] },
) {
  const { costs } = checkDraft(content, options.checks);
  const summary = publicDecisionSummary({ reference, content, workflow, costs, minimumMembersToCallIn: options.rules.minimumMembersToCallIn });
  const canCallIn = options.viewer ? availableActions(workflow, options.viewer, options.now, options.rules).some((a) => a.type === 'call_in') : false;
  // An id the card would refuse is left out: it is only a refresh, never worth failing the post for.
  const refreshUserIds =
    options.viewer || workflow.status !== 'published' ? [] : (options.scrutinyUserIds ?? []).filter((id) => TOKENS.teamsUserId.test(id)).slice(0, 60);
  return renderDecisionChannelCard(summary, { canCallIn, refreshUserIds, version: workflow.version });
}
