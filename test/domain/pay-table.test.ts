import payTableJson from '../../config/pay-table.example.json';
import { lookupCost, PayTableSchema } from '../../domain/pay-table';

const table = PayTableSchema.parse(payTableJson);

describe('pay table', () => {
  it.each([
    ['Hay Band A', 34, 4_070_200],
    ['hay band a', undefined, 4_070_200],
    ['Grade 4', 23, 2_837_600],
    ['PO 4', undefined, 5_558_800],
    ['po2', undefined, 4_483_200],
    ['Band D', undefined, 6_682_000],
  ])('%s scp %s costs %i pence a year with on-costs', (grade, scp, pence) => {
    expect(lookupCost(table, grade, scp)?.annualCostPerFtePence).toBe(pence);
  });

  it.each([['subject to job evaluation'], ['Grade 99'], ['TBC']])('has no cost for %s (the officer gives an estimate)', (grade) => {
    expect(lookupCost(table, grade)).toBeUndefined();
  });

  it('has no cost for a point the grade does not have', () => {
    expect(lookupCost(table, 'Grade 4', 40)).toBeUndefined();
  });
});
