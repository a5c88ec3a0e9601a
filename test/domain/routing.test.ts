import routingJson from '../../config/routing.example.json';
import { resolveApprovers, RoutingConfigSchema } from '../../domain/routing';

const config = RoutingConfigSchema.parse(routingJson);

describe('routing', () => {
  it('sends a request within the limit to the director, with the tenant filled in', () => {
    const approvers = resolveApprovers(config, { directorate: 'Children and Families', totalAnnualCostPence: 15_600_800, keyDecision: false });
    expect(approvers.finance).toMatchObject({ name: 'Fiona Finance', tenantId: config.tenantId });
    expect(approvers.decision).toMatchObject({ kind: 'director', person: { name: 'Dana Director' } });
  });

  it('sends a key decision, or one over the limit, to committee via democratic services', () => {
    expect(resolveApprovers(config, { directorate: 'x', totalAnnualCostPence: 100, keyDecision: true }).decision).toMatchObject({
      kind: 'committee',
      recordedBy: { name: 'Derek Democratic' },
    });
    expect(resolveApprovers(config, { directorate: 'x', totalAnnualCostPence: 50_000_001, keyDecision: false }).decision.kind).toBe('committee');
    expect(resolveApprovers(config, { directorate: 'x', totalAnnualCostPence: 50_000_000, keyDecision: false }).decision.kind).toBe('director');
  });

  it('uses a directorate route when one matches, ignoring case and spacing', () => {
    const custom = RoutingConfigSchema.parse({
      ...routingJson,
      directorates: {
        'Adults  Social Care': { ...routingJson.default, finance: { aadObjectId: '00000000-0000-0000-0000-0000000000f1', name: 'Alex Adults' } },
      },
    });
    expect(resolveApprovers(custom, { directorate: 'adults social care', totalAnnualCostPence: 1, keyDecision: false }).finance.name).toBe('Alex Adults');
  });

  it('matches the Playground users', () => {
    expect(config.scrutiny.members.map((m) => m.aadObjectId)).toEqual(['00000000-0000-0000-0000-0000000000d1', '00000000-0000-0000-0000-0000000000d2']);
  });

  it('refuses a person without a GUID', () => {
    expect(RoutingConfigSchema.safeParse({ ...routingJson, scrutiny: { ...routingJson.scrutiny, officer: { aadObjectId: 'oscar', name: 'O' } } }).success).toBe(
      false,
    );
  });
});
