import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_PACKAGE_DIR, buildPackage, settingsFromEnv } from '../appPackage/builder';

/** `BOT_ID=<app id> npm run package` → appPackage/build/appPackage.zip */
async function main(): Promise<void> {
  const settings = settingsFromEnv(process.env);
  const zip = await buildPackage(settings);
  const out = join(APP_PACKAGE_DIR, 'build');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'appPackage.zip'), zip);
  process.stdout.write(`Wrote ${join(out, 'appPackage.zip')} for bot ${settings.botId}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
