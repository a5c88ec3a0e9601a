import { decide, newWorkflow, STATUSES, TRANSITIONS, type Command, type Status, type WorkflowState } from '../../domain/lifecycle';

const officer = { tenantId: 't1', aadObjectId: 'a1', name: 'Olivia Officer' };
const outsider = { tenantId: 't1', aadObjectId: 'zz', name: 'Someone Else' };
const otherTenant = { tenantId: 't2', aadObjectId: 'a1', name: 'Olivia Elsewhere' };
const now = new Date('2026-11-23T10:00:00Z');

const state = (status: Status, version = 1): WorkflowState => ({ ...newWorkflow(officer), status, version });
const commands: Command[] = [{ type: 'submit' }, { type: 'withdraw', expectedVersion: 1 }];

describe('request lifecycle', () => {
  describe.each(STATUSES)('from %s', (status) => {
    it.each(commands.map((c) => [c.type, c] as const))('%s by the requester', (_name, command) => {
      const before = state(status);
      const frozen = JSON.stringify(before);
      const result = decide(before, command, officer, now);
      const rule = TRANSITIONS[command.type];
      if (rule.from.includes(status)) {
        expect(result).toMatchObject({ ok: true, state: { status: rule.to }, audit: { fromStatus: status, toStatus: rule.to, actor: officer } });
      } else {
        expect(result).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
      }
      expect(JSON.stringify(before)).toBe(frozen);
    });

    it.each(commands.map((c) => [c.type, c] as const))('%s by anyone else is refused', (_name, command) => {
      for (const actor of [outsider, otherTenant]) expect(decide(state(status), command, actor, now)).toMatchObject({ ok: false, code: 'NOT_ALLOWED' });
    });
  });

  it('refuses a withdrawal from a stale view', () => {
    expect(decide(state('submitted', 2), { type: 'withdraw', expectedVersion: 1 }, officer, now)).toMatchObject({ ok: false, code: 'STALE_VERSION' });
  });

  it('records when and why a request was withdrawn, and moves the version on', () => {
    const result = decide(state('submitted'), { type: 'withdraw', expectedVersion: 1, reason: 'No longer needed' }, officer, now);
    expect(result).toMatchObject({ ok: true, state: { status: 'withdrawn', version: 2, withdrawnAt: now.toISOString(), withdrawnReason: 'No longer needed' } });
  });
});
