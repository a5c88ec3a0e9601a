import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mayViewEstablishment } from '../../domain/establishment-access';
import type { Scope } from '../../domain/establishment';
import { RoutingConfigSchema } from '../../domain/routing';
import { PEOPLE, TENANT } from '../../fixtures/seed-004';

const routing = RoutingConfigSchema.parse(JSON.parse(readFileSync(join(__dirname, '../../config/routing.example.json'), 'utf8')));
const scope: Scope = { level: 'service', unit: { directorate: 'Children and Families', service: 'Commissioning' }, label: 'Commissioning' };
const as = (p: { aadObjectId: string; name: string }, tenantId = TENANT) => ({ tenantId, ...p });

describe('who may see an establishment', () => {
  it.each([
    ['finance', PEOPLE.finance, true],
    ['HR', PEOPLE.hr, true],
    ['the director', PEOPLE.director, true],
    ['legal', PEOPLE.legal, false],
    ['the requesting officer', PEOPLE.officer, false],
    ['a scrutiny member', PEOPLE.scrutiny1, false],
    ['a stranger', PEOPLE.stranger, false],
  ])('%s: %s', (_who, person, allowed) => {
    expect(mayViewEstablishment(as(person), scope, routing, false)).toBe(allowed);
  });

  it('administrators always; nobody from another tenant, nor anyone when the council has no routing', () => {
    expect(mayViewEstablishment(as(PEOPLE.stranger), scope, routing, true)).toBe(true);
    expect(mayViewEstablishment(as(PEOPLE.finance, '00000000-0000-0000-0000-0000000000ff'), scope, routing, false)).toBe(false);
    expect(mayViewEstablishment(as(PEOPLE.finance), scope, undefined, false)).toBe(false);
  });

  it("a directorate with its own route: that route's people, not the default's", () => {
    const own = { ...routing.default, finance: { aadObjectId: '00000000-0000-0000-0000-0000000000f7', name: 'Fay Finance' } };
    const withRoute = { ...routing, directorates: { 'children and families': own } };
    expect(mayViewEstablishment(as(PEOPLE.finance), scope, withRoute, false)).toBe(false);
    expect(mayViewEstablishment(as({ aadObjectId: '00000000-0000-0000-0000-0000000000f7', name: 'Fay Finance' }), scope, withRoute, false)).toBe(true);
  });
});
