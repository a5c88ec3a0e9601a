import { calendarDate } from '../../domain/calendar-date';
import { newWorkflow, WorkflowStateSchema, type ApproversOnRequest, type Rules, type Status, type WorkflowState } from '../../domain/lifecycle';
import { deputiesOnDuty, followUpFor, type DueFollowUp } from '../../domain/reminders';
import { workingCalendar } from '../../domain/working-days';

const T = '00000000-0000-0000-0000-000000000001';
const p = (id: string, name: string) => ({ tenantId: T, aadObjectId: `00000000-0000-0000-0000-0000000000${id}`, name });
const officer = p('a1', 'Olivia Officer');
const finance = p('b1', 'Fiona Finance');
const hr = p('b2', 'Harry Hr');
const legal = p('b3', 'Lena Legal');
const director = p('c1', 'Dana Director');
const deputy = p('e1', 'Dee Deputy');
const former = p('e2', 'Fred Former');
const future = p('e3', 'Fay Future');

const approvers: ApproversOnRequest = { finance, hr, legal, decision: { kind: 'director', person: director } };
const rules = (deputies: Rules['deputies'] = []): Rules => ({
  calendar: workingCalendar(),
  callInWorkingDays: 5,
  minimumMembersToCallIn: 1,
  scrutinyMembers: [],
  deputies,
});
const settings = { escalateAfterWorkingDays: 5, appName: 'Establishment Changes' };
const now = new Date('2026-11-23T09:00:00Z');

const comment = (by: typeof finance) => ({ by, at: '2026-11-16T10:00:00Z', text: 'Fine.', signature: 'X' });
function state(status: Status, commented: Array<'finance' | 'hr' | 'legal'> = []): WorkflowState {
  const reviews = Object.fromEntries(commented.map((d) => [d, comment({ finance, hr, legal }[d])]));
  return WorkflowStateSchema.parse({ ...newWorkflow(officer), status, version: 3, approvers, reviews });
}
const due = (kind: DueFollowUp['kind'], person = finance, status = 'in_review'): DueFollowUp => ({ kind, reference: 'ECR-2026-0001', person, status });

describe('reminders and escalations', () => {
  it('reminds a reviewer who has not commented, in words and with their card again', () => {
    expect(followUpFor(due('remind'), { state: state('in_review'), title: 'Short Breaks' }, now, rules(), settings)).toEqual({
      kind: 'remind',
      reminder: {
        to: finance,
        text: 'Reminder: ECR-2026-0001 (Short Breaks) is waiting for you. Type **status ECR-2026-0001** to see it, or use the card I sent.',
      },
      card: finance,
    });
  });

  it('names an untitled request for what it is', () => {
    const result = followUpFor(due('remind'), { state: state('in_review') }, now, rules(), settings);
    expect(result?.kind === 'remind' && result.reminder.text).toContain('(a staffing establishment change)');
  });

  it('escalates to the requester, saying whether the person was reminded or cannot be reached yet', () => {
    const result = followUpFor(due('escalate', hr), { state: state('in_review', ['finance']) }, now, rules(), settings);
    expect(result).toEqual({
      kind: 'escalate',
      requester: officer,
      text: {
        reminded: 'ECR-2026-0001 has been waiting for Harry Hr for 5 working days. They have been reminded.',
        unreachable:
          "ECR-2026-0001 has been waiting for Harry Hr for 5 working days. I cannot reach them yet: they haven't installed Establishment Changes. Ask them to install it, or an administrator to install it for them.",
      },
      deputies: [],
    });
  });

  it('tells only the deputies whose dates cover today (London date), with the end of their appointment', () => {
    const deputies = [
      { for: director, deputy, from: '2026-11-23', to: '2026-11-30' },
      { for: director, deputy: former, from: '2026-10-01', to: '2026-11-22' },
      { for: director, deputy: future, from: '2026-11-24', to: '2026-12-31' },
      { for: finance, deputy: former, from: '2026-11-01', to: '2026-11-30' },
    ];
    const result = followUpFor(
      due('escalate', director, 'awaiting_decision'),
      { state: state('awaiting_decision', ['finance', 'hr', 'legal']), title: 'Short Breaks' },
      now,
      rules(deputies),
      settings,
    );
    expect(result?.kind === 'escalate' && result.deputies).toEqual([
      { to: deputy, text: 'ECR-2026-0001 (Short Breaks) has been waiting for Dana Director for 5 working days; you are their deputy until 2026-11-30.' },
    ]);
  });

  it('counts days by the London date', () => {
    const deputies = [{ for: director, deputy, from: '2026-07-01', to: '2026-07-01' }];
    expect(deputiesOnDuty(deputies, director, calendarDate(2026, 7, 1))).toHaveLength(1);
    expect(deputiesOnDuty(deputies, director, calendarDate(2026, 6, 30))).toHaveLength(0);
    // 23:30 UTC on 30 June is 00:30 on 1 July in London (BST).
    const lateJune = new Date('2026-06-30T23:30:00Z');
    const result = followUpFor(
      due('escalate', director, 'awaiting_decision'),
      { state: state('awaiting_decision', ['finance', 'hr', 'legal']) },
      lateJune,
      rules(deputies),
      settings,
    );
    expect(result?.kind === 'escalate' && result.deputies.map((d) => d.to)).toEqual([deputy]);
  });

  it('lapses once the person has done their part, the stage has moved on, or they only hold it as a deputy', () => {
    expect(followUpFor(due('remind'), { state: state('in_review', ['finance']) }, now, rules(), settings)).toBeUndefined();
    expect(followUpFor(due('escalate'), { state: state('awaiting_decision', ['finance', 'hr', 'legal']) }, now, rules(), settings)).toBeUndefined();
    // The director's reminder set while in review (they had nothing to do) or after the request was withdrawn.
    expect(followUpFor(due('remind', director, 'awaiting_decision'), { state: state('withdrawn') }, now, rules(), settings)).toBeUndefined();
    // A deputy is not reminded of the part they hold for someone else.
    const deputies = [{ for: director, deputy, from: '2026-11-01', to: '2026-11-30' }];
    expect(
      followUpFor(
        due('remind', deputy, 'awaiting_decision'),
        { state: state('awaiting_decision', ['finance', 'hr', 'legal']) },
        now,
        rules(deputies),
        settings,
      ),
    ).toBeUndefined();
  });

  it('reminds the decision maker while the decision waits for them', () => {
    const result = followUpFor(
      due('remind', director, 'awaiting_decision'),
      { state: state('awaiting_decision', ['finance', 'hr', 'legal']) },
      now,
      rules(),
      settings,
    );
    expect(result).toMatchObject({ kind: 'remind', card: director });
  });
});
