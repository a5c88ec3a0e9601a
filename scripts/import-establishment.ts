/**
 * Imports a starting establishment from an HR system's CSV export, as `import establishment`
 * does in Teams, for files too large to send in a chat or before the bot is installed:
 *
 *   npm run establishment:import -- <tenant id> <file.csv> [--as-of 2026-04-01] [--check]
 *
 * Uses the bot's storage settings (the environment, as the bot reads it). Every row is
 * checked; if any is wrong nothing is imported and each is listed (row, column, why), and
 * the exit code is 1. `--check` only checks.
 */
import { readFileSync } from 'node:fs';
import { loadConfig } from '../bot/config';
import { describeRejections } from '../bot/establishment/import-establishment';
import { isCalendarDate, londonDate } from '../domain/calendar-date';
import { totalsOn } from '../domain/establishment';
import { importEstablishment } from '../domain/establishment-import';
import { formatFte, formatPounds } from '../domain/money';
import { startEmbeddedAzurite } from '../storage/azurite';
import { EstablishmentLedgerStore } from '../storage/establishment-ledger';
import { createTableService, TableNames } from '../storage/table-service';

async function main(argv: string[]): Promise<number> {
  const [tenantId, file] = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--as-of');
  const asOfAt = argv.indexOf('--as-of');
  const asOf = asOfAt >= 0 ? argv[asOfAt + 1] : londonDate(new Date());
  if (!tenantId || !file || !asOf || !isCalendarDate(asOf)) {
    console.error('Usage: npm run establishment:import -- <tenant id> <file.csv> [--as-of YYYY-MM-DD] [--check]');
    return 2;
  }
  const config = loadConfig(process.env);
  const azurite = config.storage.kind === 'embedded' ? await startEmbeddedAzurite({ location: config.storage.location, port: 0 }) : undefined;
  try {
    const connection =
      config.storage.kind === 'embedded'
        ? { connectionString: azurite!.connectionString, tablePrefix: config.tablePrefix }
        : config.storage.kind === 'connectionString'
          ? { connectionString: config.storage.connectionString, tablePrefix: config.tablePrefix }
          : { accountUrl: config.storage.accountUrl, managedIdentityClientId: config.storage.managedIdentityClientId, tablePrefix: config.tablePrefix };
    const tables = createTableService(connection);
    await tables.createTables();
    const ledger = new EstablishmentLedgerStore(tables.client(TableNames.Requests));
    const text = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(file));
    const result = importEstablishment(text, (await ledger.read(tenantId)).posts, asOf, `${asOf.replace(/-/g, '')}cli${Date.now().toString(36)}`);
    if (result.fileError) return (console.error(result.fileError), 1);
    if (result.rejected.length) return (console.error(describeRejections(result.rejected)), 1);
    const totals = totalsOn(result.posts, asOf);
    const summary = `${result.posts.length} posts: ${formatFte(totals.fteHundredths)} FTE, ${formatPounds(totals.annualCostPence)} a year on ${asOf}`;
    if (argv.includes('--check')) return (console.log(`Every row is right (${summary}); nothing imported (--check).`), 0);
    await ledger.addPosts(tenantId, result.posts);
    console.log(`Imported ${summary}.`);
    return 0;
  } finally {
    await azurite?.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
