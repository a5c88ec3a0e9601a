import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { APP_PACKAGE_DIR, buildPackage, checkIcons, fillManifest, settingsFromEnv, validateManifest } from '../../appPackage/builder';

const BOT_ID = '11111111-2222-3333-4444-555555555555';
const settings = { botId: BOT_ID, teamsAppId: BOT_ID, botDomain: 'bot.example.gov.uk' };
const template = readFileSync(join(APP_PACKAGE_DIR, 'manifest.json'), 'utf8');

describe('Teams app package', () => {
  it('validates against the official schema, offline', async () => {
    expect(await validateManifest(fillManifest(template, settings))).toEqual([]);
  });

  it('the schema check is real: a broken manifest fails it', async () => {
    const broken = fillManifest(template, settings);
    delete broken.name;
    expect((await validateManifest(broken)).length).toBeGreaterThan(0);
  });

  it('offers the bot in personal and team scopes with the expected commands', () => {
    const manifest = fillManifest(template, settings) as {
      bots: Array<{ scopes: string[]; commandLists: Array<{ scopes: string[]; commands: Array<{ title: string }> }> }>;
    };
    const bot = manifest.bots[0]!;
    expect(bot.scopes).toEqual(expect.arrayContaining(['personal', 'team']));
    const personal = bot.commandLists.find((l) => l.scopes.includes('personal'))!.commands.map((c) => c.title);
    expect(personal).toEqual(expect.arrayContaining(['new request', 'my requests', 'help']));
  });

  it('has a 192×192 colour icon and a 32×32 white-on-transparent outline', () => {
    const color = readFileSync(join(APP_PACKAGE_DIR, 'color.png'));
    const outline = readFileSync(join(APP_PACKAGE_DIR, 'outline.png'));
    expect(checkIcons(color, outline)).toEqual([]);
    // and the check itself catches a wrong icon
    const wrong = new PNG({ width: 32, height: 32 });
    wrong.data.fill(128);
    expect(checkIcons(outline, PNG.sync.write(wrong))).toEqual(
      expect.arrayContaining(['color.png is 32×32, not 192×192', 'outline.png must be white on a transparent background']),
    );
  });

  it('builds a zip with the three files at its root and the real bot id', async () => {
    const zip = await JSZip.loadAsync(await buildPackage(settings));
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = await zip.file('manifest.json')!.async('string');
    expect(manifest).not.toContain('${{');
    expect(JSON.parse(manifest).bots[0].botId).toBe(BOT_ID);
  });

  it('refuses to package without a bot id', () => {
    expect(() => settingsFromEnv({})).toThrow(/BOT_ID/);
  });
});
