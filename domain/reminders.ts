import { inRange } from './access';
import { londonDate, type CalendarDate } from './calendar-date';
import { availableActions, isSamePerson, type Deputy, type Person, type Rules, type WorkflowState } from './lifecycle';

/**
 * Reminders and escalations. When a request waits for someone (a review or a decision), a
 * reminder to them and an escalation to the requester are scheduled for that stage; when
 * one falls due, this decides whether it still applies and who is told what. The bot sends
 * what it returns.
 */
export interface DueFollowUp {
  kind: 'remind' | 'escalate';
  reference: string;
  /** Whom the request was waiting for, and its status when the follow-up was scheduled. */
  person: Person;
  status: string;
}

export interface Message {
  to: Person;
  text: string;
}

export type FollowUp =
  /** Told in words, then sent their card again. */
  | { kind: 'remind'; reminder: Message; card: Person }
  /** The requester is told (in words that depend on whether the person can be reached yet), and each deputy on duty. */
  | { kind: 'escalate'; requester: Person; text: { reminded: string; unreachable: string }; deputies: Message[] };

export interface FollowUpSettings {
  escalateAfterWorkingDays: number;
  /** The name people know the app by in Teams (an unreachable person has not installed it). */
  appName: string;
}

/**
 * What a due follow-up comes to, or undefined when it no longer applies: the request has
 * moved to another stage, or the person has nothing left to do at it (returning a request
 * is always open to a reviewer; what they owe is their comment or decision). Only their
 * own part counts, not one they hold as someone's deputy.
 */
export function followUpFor(
  due: DueFollowUp,
  request: { state: WorkflowState; title?: string },
  now: Date,
  rules: Rules,
  settings: FollowUpSettings,
): FollowUp | undefined {
  const { reference, person } = due;
  const owed =
    request.state.status === due.status &&
    availableActions(request.state, person, now, { ...rules, deputies: [] }).some((a) => a.type !== 'return_for_changes');
  if (!owed) return undefined;
  const title = request.title ?? 'a staffing establishment change';
  if (due.kind === 'remind') {
    return {
      kind: 'remind',
      reminder: { to: person, text: `Reminder: ${reference} (${title}) is waiting for you. Type **status ${reference}** to see it, or use the card I sent.` },
      card: person,
    };
  }
  const days = settings.escalateAfterWorkingDays;
  const waited = `${reference} has been waiting for ${person.name} for ${days} working days.`;
  return {
    kind: 'escalate',
    requester: request.state.requester,
    text: {
      reminded: `${waited} They have been reminded.`,
      // Someone the bot cannot reach yet has not been reminded: say so rather than that they were.
      unreachable: `${waited} I cannot reach them yet: they haven't installed ${settings.appName}. Ask them to install it, or an administrator to install it for them.`,
    },
    deputies: deputiesOnDuty(rules.deputies, person, londonDate(now)).map((d) => ({
      to: d.deputy,
      text: `${reference} (${title}) has been waiting for ${person.name} for ${days} working days; you are their deputy until ${d.to}.`,
    })),
  };
}

/** The deputies of `person` whose dates cover `today` (London date): an ended or future appointment gives no part. */
export function deputiesOnDuty(deputies: readonly Deputy[], person: Person, today: CalendarDate): Deputy[] {
  return deputies.filter((d) => isSamePerson(d.for, person) && inRange(d, today));
}
