import { TableClient } from '@azure/data-tables';
import { testConnectionString, uniqueTablePrefix } from './support/tables';

describe('embedded Azurite', () => {
  it('stores and reads back an entity with an etag', async () => {
    const client = TableClient.fromConnectionString(testConnectionString(), `${uniqueTablePrefix()}Probe`, {
      allowInsecureConnection: true,
    });
    await client.createTable();
    await client.createEntity({ partitionKey: 'p', rowKey: 'r', value: 42 });
    const read = await client.getEntity<{ value: number }>('p', 'r');
    expect(read.value).toBe(42);
    expect(read.etag).toMatch(/^W\//);
  });
});
