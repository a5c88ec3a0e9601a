import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppManifestUtils } from '@microsoft/app-manifest';
import JSZip from 'jszip';
import { PNG } from 'pngjs';

/**
 * Builds the Teams app package from this folder: fill placeholders, validate offline, check
 * icons, zip. Used by `npm run package` (scripts/package-app.ts) and test/app-package.
 */
export const APP_PACKAGE_DIR = __dirname;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface PackageSettings {
  botId: string;
  teamsAppId: string;
  botDomain: string;
}

export function settingsFromEnv(env: NodeJS.ProcessEnv): PackageSettings {
  const botId = env.BOT_ID ?? env.MicrosoftAppId ?? '';
  const problems: string[] = [];
  if (!GUID.test(botId)) problems.push("BOT_ID (or MicrosoftAppId) must be the bot's Microsoft App ID, a GUID");
  const teamsAppId = env.TEAMS_APP_ID ?? botId;
  if (!GUID.test(teamsAppId)) problems.push('TEAMS_APP_ID must be a GUID (defaults to BOT_ID)');
  const botDomain = env.BOT_DOMAIN ?? 'localhost';
  if (!/^[a-z0-9.-]+$/i.test(botDomain)) problems.push('BOT_DOMAIN must be a host name such as bot.example.gov.uk');
  if (problems.length) throw new Error(problems.join('\n'));
  return { botId, teamsAppId, botDomain };
}

export function fillManifest(template: string, settings: PackageSettings): Record<string, unknown> {
  const filled = template
    .replaceAll('${{BOT_ID}}', settings.botId)
    .replaceAll('${{TEAMS_APP_ID}}', settings.teamsAppId)
    .replaceAll('${{BOT_DOMAIN}}', settings.botDomain);
  const left = /\$\{\{[A-Z_]+\}\}/.exec(filled);
  if (left) throw new Error(`Manifest placeholder ${left[0]} has no value`);
  return JSON.parse(filled) as Record<string, unknown>;
}

/** Schema errors (empty when valid), against the schema bundled in @microsoft/app-manifest: no network. */
export async function validateManifest(manifest: Record<string, unknown>): Promise<string[]> {
  const version = String(manifest.manifestVersion);
  const schemaPath = join(require.resolve('@microsoft/app-manifest'), '..', 'json-schemas', 'teams', `v${version}`, 'MicrosoftTeams.schema.json');
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
  return AppManifestUtils.validateAgainstSchema(manifest as never, schema);
}

/** Teams wants a 192×192 colour icon and a 32×32 outline that is white on transparent. */
export function checkIcons(color: Buffer, outline: Buffer): string[] {
  const problems: string[] = [];
  const c = PNG.sync.read(color);
  if (c.width !== 192 || c.height !== 192) problems.push(`color.png is ${c.width}×${c.height}, not 192×192`);
  const o = PNG.sync.read(outline);
  if (o.width !== 32 || o.height !== 32) problems.push(`outline.png is ${o.width}×${o.height}, not 32×32`);
  let opaque = 0;
  for (let i = 0; i < o.data.length; i += 4) {
    const [r, g, b, a] = [o.data[i]!, o.data[i + 1]!, o.data[i + 2]!, o.data[i + 3]!];
    if (a === 0) continue;
    opaque++;
    if (r !== 255 || g !== 255 || b !== 255) {
      problems.push('outline.png must be white on a transparent background');
      break;
    }
  }
  if (opaque === 0) problems.push('outline.png is empty');
  return problems;
}

export async function buildPackage(settings: PackageSettings, dir = APP_PACKAGE_DIR): Promise<Buffer> {
  const manifest = fillManifest(readFileSync(join(dir, 'manifest.json'), 'utf8'), settings);
  const errors = await validateManifest(manifest);
  if (errors.length) throw new Error(`Manifest is not valid:\n${errors.join('\n')}`);
  const color = readFileSync(join(dir, 'color.png'));
  const outline = readFileSync(join(dir, 'outline.png'));
  const iconProblems = checkIcons(color, outline);
  if (iconProblems.length) throw new Error(iconProblems.join('\n'));
  const zip = new JSZip();
  zip.file('manifest.json', JSON.stringify(manifest, null, 2));
  zip.file('color.png', color);
  zip.file('outline.png', outline);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
