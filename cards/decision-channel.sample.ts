import { renderChannelCard } from '../bot/views/decision-channel-view';
import { checkDraft, DEFAULT_CHECK_OPTIONS } from '../domain/checks';
import { availableActions, type Person } from '../domain/lifecycle';
import { publicDecisionSummary } from '../domain/public-summary';
import { cardSample } from '../fixtures/card-sample';
import { asActor, SAMPLE_CONTENT, SAMPLE_PEOPLE, SAMPLE_REFERENCE, SAMPLE_RULES, SAMPLE_TIMES, samplePublished } from '../fixtures/sample-request';
import { decisionChannelCard, type DecisionChannelCardData } from './decision-channel';
import { statusColor } from './status-color';

/** Scrutiny members' Teams user ids, as their stored conversation references give them. */
const SCRUTINY_USER_IDS = SAMPLE_RULES.scrutinyMembers.map((m) => `29:${m.aadObjectId}`);

/** The data renderChannelCard binds for a viewer (none: the post everyone sees). */
function channelData(viewer?: Person): DecisionChannelCardData {
  const workflow = samplePublished();
  const { costs } = checkDraft(SAMPLE_CONTENT, DEFAULT_CHECK_OPTIONS);
  const summary = publicDecisionSummary({ reference: SAMPLE_REFERENCE, content: SAMPLE_CONTENT, workflow, costs });
  const canCallIn = viewer ? availableActions(workflow, asActor(viewer), SAMPLE_TIMES.scrutinyOpens, SAMPLE_RULES).some((a) => a.type === 'call_in') : false;
  return {
    ...summary,
    canCallIn,
    refreshUserIds: viewer ? [] : SCRUTINY_USER_IDS,
    version: workflow.version,
    statusColor: statusColor(workflow.status),
  };
}

const options = { rules: SAMPLE_RULES, checks: DEFAULT_CHECK_OPTIONS, now: SAMPLE_TIMES.scrutinyOpens };

export const decisionChannelSample = cardSample<DecisionChannelCardData>({
  name: 'decision-channel',
  title: 'Decisions channel post',
  description: 'The approved decision as published in the decisions channel, with the call-in deadline; only the public summary is shown.',
  card: decisionChannelCard,
  data: channelData(),
  render: () => renderChannelCard(SAMPLE_REFERENCE, SAMPLE_CONTENT, samplePublished(), { ...options, scrutinyUserIds: SCRUTINY_USER_IDS }),
});

export const decisionChannelScrutinySample = cardSample<DecisionChannelCardData>({
  name: 'decision-channel-scrutiny',
  title: "Decisions channel post (scrutiny member's view)",
  description: 'The same post refreshed for a scrutiny member while the call-in period is open: it offers Call in.',
  card: decisionChannelCard,
  data: channelData(SAMPLE_PEOPLE.scrutiny1),
  render: () => renderChannelCard(SAMPLE_REFERENCE, SAMPLE_CONTENT, samplePublished(), { ...options, viewer: asActor(SAMPLE_PEOPLE.scrutiny1) }),
});
