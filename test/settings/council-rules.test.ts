import fc from 'fast-check';
import routingJson from '../../config/routing.example.json';
import { rulesFor } from '../../app/request-rules';
import { applyEdit, CouncilSettingsSchema, ROUTE_PARTS, type CouncilSettings, type SettingsEdit } from '../../domain/council-settings';
import { RoutingConfigSchema } from '../../domain/routing';
import { workingCalendar } from '../../domain/working-days';
import type { CalendarDate } from '../../domain/calendar-date';

const base: CouncilSettings = CouncilSettingsSchema.parse(RoutingConfigSchema.parse(routingJson));
const TENANT = base.tenantId;
const OTHER = '11111111-1111-4111-8111-111111111111';
const noDeputies = { list: async () => [] };

describe("a council's rules come from its own settings", () => {
  it('uses the council’s closure days and scrutiny, and gives a council with none no scrutiny members', async () => {
    const settings = { ...base, closureDays: ['2026-12-29' as CalendarDate] };
    const councils = { current: async (t: string) => (t === TENANT ? { version: 3, settings } : undefined) };
    const rules = await rulesFor(noDeputies, { councils, calendar: workingCalendar() }, TENANT);
    expect(rules.calendar.isWorkingDay('2026-12-29' as CalendarDate)).toBe(false);
    expect(rules.calendar.isWorkingDay('2026-12-30' as CalendarDate)).toBe(true);
    expect(rules.scrutinyMembers.map((m) => m.name)).toEqual(['Sam Scrutiny', 'Sara Scrutiny']);
    const other = await rulesFor(noDeputies, { councils, calendar: workingCalendar() }, OTHER);
    expect(other.scrutinyMembers).toEqual([]);
    expect(other.scrutinyOfficer).toBeUndefined();
  });
});

const person = fc.record({
  aadObjectId: fc.uuid().map((u) => u.toLowerCase()),
  name: fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim().length > 0),
});
const edit: fc.Arbitrary<SettingsEdit> = fc.oneof(
  fc.record({
    kind: fc.constant('route' as const),
    directorate: fc.constant(null),
    people: fc.record(Object.fromEntries(ROUTE_PARTS.map((p) => [p, person])) as Record<(typeof ROUTE_PARTS)[number], typeof person>),
    alternates: fc.constant({}),
    committeeName: fc.string({ maxLength: 50 }),
    directorLimitPounds: fc.integer({ min: -5, max: 2_000_000 }),
  }),
  fc.record({ kind: fc.constant('add-directorate' as const), name: fc.string({ maxLength: 100 }) }),
  fc.record({ kind: fc.constant('remove-directorate' as const), name: fc.string({ maxLength: 30 }) }),
  fc.record({
    kind: fc.constant('scrutiny' as const),
    members: fc.array(person, { maxLength: 5 }),
    officer: person,
    minimumMembersToCallIn: fc.integer({ min: -1, max: 7 }),
    callInWorkingDays: fc.integer({ min: -1, max: 40 }),
  }),
);

describe('applyEdit', () => {
  it('never yields settings that fail their schema, and records a change for every difference it makes', () => {
    fc.assert(
      fc.property(fc.array(edit, { maxLength: 6 }), (edits) => {
        let current = base;
        for (const e of edits) {
          const result = applyEdit(current, e);
          if (!result.ok) {
            expect(result.message.length).toBeGreaterThan(0);
            continue;
          }
          expect(CouncilSettingsSchema.safeParse(result.settings).success).toBe(true);
          if (JSON.stringify(result.settings) !== JSON.stringify(current)) expect(result.changes.length).toBeGreaterThan(0);
          else expect(result.changes).toEqual([]);
          current = result.settings;
        }
      }),
      { numRuns: 300 },
    );
  });
});
