import { randomBytes } from 'node:crypto';

/** Connection string of the Azurite that test/support/global-setup.ts started. */
export function testConnectionString(): string {
  const cs = process.env.TEST_AZURE_TABLES_CONNECTION_STRING;
  if (!cs) throw new Error('Azurite was not started: run the tests through jest (npm test).');
  return cs;
}

/** A table-name prefix unique to one suite, so suites never see each other's rows. */
export function uniqueTablePrefix(): string {
  return 't' + randomBytes(5).toString('hex');
}
