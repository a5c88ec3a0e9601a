/**
 * Draws every card template, bound to its sample data (fixtures/card-samples.ts), as a PNG
 * in docs/cards (npm run cards:render). Each card is rendered by the official renderer
 * (the `adaptivecards` package) with a Teams-like host config in headless Chromium, driven
 * from the command line: no browser package from npm. Only needed to refresh the pictures,
 * never in CI.
 *
 *   apt-get install -y chromium fonts-open-sans    # Debian; or set CHROMIUM=/path/to/chrome
 *   npm run cards:render [-- help request-card]    # all cards, or only those named
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PNG } from 'pngjs';
import { CARD_WIDTH, galleryMarkdown, PAGE_PADDING } from '../fixtures/card-gallery';
import type { CardSample } from '../fixtures/card-sample';
import { CARD_SAMPLES } from '../fixtures/card-samples';

const ROOT = resolve(__dirname, '..');
const OUT_DIR = join(ROOT, 'docs', 'cards');
const RENDERER = join(ROOT, 'node_modules', 'adaptivecards', 'dist', 'adaptivecards.min.js');
const SCALE = 2;

const FONT =
  "'Segoe UI', 'Segoe UI Web (West European)', Selawik, -apple-system, BlinkMacSystemFont, 'Open Sans', Roboto, 'Helvetica Neue', 'Liberation Sans', sans-serif";

const colors = (text: string, subtle: string) => ({
  default: { default: text, subtle },
  dark: { default: '#242424', subtle: '#616161' },
  light: { default: '#ffffff', subtle: '#f5f5f5' },
  accent: { default: '#5b5fc7', subtle: '#8b8cc7' },
  good: { default: '#0e700e', subtle: '#107c10' },
  warning: { default: '#835b00', subtle: '#8a6f00' },
  attention: { default: '#c4314b', subtle: '#d13438' },
});

/** Teams' light theme, approximately (Fluent 2 colours; Teams' own sizes and spacing). */
const TEAMS_LIGHT_HOST_CONFIG = {
  supportsInteractivity: true,
  fontFamily: FONT,
  spacing: { small: 4, default: 8, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: '#e0e0e0' },
  fontSizes: { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 },
  fontWeights: { lighter: 300, default: 400, bolder: 600 },
  imageSizes: { small: 32, medium: 52, large: 100 },
  containerStyles: {
    default: { backgroundColor: '#ffffff', foregroundColors: colors('#242424', '#616161') },
    emphasis: { backgroundColor: '#f5f5f5', foregroundColors: colors('#242424', '#616161') },
    accent: { backgroundColor: '#e8ebfa', foregroundColors: colors('#242424', '#616161') },
    good: { backgroundColor: '#f1faf1', foregroundColors: colors('#242424', '#616161') },
    attention: { backgroundColor: '#fdf3f4', foregroundColors: colors('#242424', '#616161') },
    warning: { backgroundColor: '#fbf6d9', foregroundColors: colors('#242424', '#616161') },
  },
  actions: {
    maxActions: 6,
    spacing: 'default',
    buttonSpacing: 8,
    showCard: { actionMode: 'inline', inlineTopMargin: 16, style: 'emphasis' },
    actionsOrientation: 'horizontal',
    actionAlignment: 'left',
    iconPlacement: 'leftOfTitle',
  },
  adaptiveCard: { allowCustomStyle: true },
  factSet: {
    title: { color: 'default', size: 'default', isSubtle: false, weight: 'bolder', wrap: true, maxWidth: 170 },
    value: { color: 'default', size: 'default', isSubtle: false, weight: 'default', wrap: true },
    spacing: 12,
  },
  inputs: {
    label: { requiredInputs: { weight: 'bolder', suffix: ' *', suffixColor: 'attention' }, optionalInputs: { weight: 'bolder' } },
    errorMessage: { size: 'small', color: 'attention' },
  },
};

/** What the host app supplies around the renderer: Teams' buttons and inputs, and its markdown. */
const PAGE_CSS = `
  html, body { margin: 0; background: #f5f5f5; }
  body { padding: ${PAGE_PADDING}px; width: ${CARD_WIDTH}px; font-family: ${FONT}; -webkit-font-smoothing: antialiased; }
  #card { background: #fff; border-radius: 6px; box-shadow: 0 1px 2px rgba(0,0,0,.14), 0 0 2px rgba(0,0,0,.12); overflow: hidden; }
  .ac-adaptiveCard:focus { outline: none; }
  .ac-pushButton { font-family: inherit; font-size: 14px; font-weight: 600; color: #242424; background: #fff; border: 1px solid #d1d1d1;
    border-radius: 4px; padding: 5px 12px; min-height: 32px; cursor: pointer; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  /* Teams wraps a long row of buttons rather than cutting their titles. */
  .ac-actionSet { flex-wrap: wrap; row-gap: 8px; }
  .ac-actionSet > .ac-pushButton { flex: 0 0 auto !important; max-width: 100%; }
  .ac-pushButton.style-positive { background: #5b5fc7; border-color: #5b5fc7; color: #fff; }
  .ac-pushButton.style-destructive { color: #c4314b; border-color: #c4314b; }
  .ac-pushButton.expanded { background: #e8ebfa; border-color: #5b5fc7; }
  .ac-input { font-family: inherit; font-size: 14px; color: #242424; }
  .ac-textInput, .ac-multichoiceInput { box-sizing: border-box; width: 100%; min-height: 32px; padding: 5px 10px; background: #fff;
    border: 1px solid #d1d1d1; border-bottom-color: #616161; border-radius: 4px; }
  .ac-textInput.ac-multiline { min-height: 64px; }
  .ac-textInput::placeholder { color: #707070; }
  .ac-textBlock p { margin: 0; }
  .ac-textBlock a { color: #5b5fc7; }
`;

/** Runs in the page: renders the card, reports problems, and records the page's size. */
const PAGE_SCRIPT = `
(function () {
  var AC = window.AdaptiveCards;
  var esc = function (s) { return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'); };
  // Teams renders a little markdown in TextBlocks: emphasis, links and line breaks.
  AC.AdaptiveCard.onProcessMarkdown = function (text, result) {
    result.outputHtml = esc(text)
      .replace(/\\*\\*(.+?)\\*\\*/g, '<strong>$1</strong>')
      .replace(/(^|\\W)_(.+?)_(?=\\W|$)/g, '$1<em>$2</em>')
      .replace(/\\[([^\\]]+)\\]\\((https?:[^)\\s]+)\\)/g, '<a href="$2">$1</a>')
      .replace(/\\n/g, '<br>');
    result.didProcess = true;
  };
  var report = { problems: [] };
  try {
    var card = new AC.AdaptiveCard();
    card.hostConfig = new AC.HostConfig(window.HOST_CONFIG);
    var context = new AC.SerializationContext();
    card.parse(window.CARD, context);
    for (var i = 0; i < context.eventCount; i++) report.problems.push(context.getEventAt(i).message);
    card.validateProperties().validationEvents.forEach(function (e) { report.problems.push(e.message); });
    var element = card.render();
    if (!element) throw new Error('the renderer returned nothing');
    document.getElementById('card').appendChild(element);
  } catch (e) {
    report.error = String(e && e.stack || e);
  }
  var box = document.body.getBoundingClientRect();
  report.width = Math.ceil(box.width);
  report.height = Math.ceil(box.height);
  document.documentElement.setAttribute('data-report', encodeURIComponent(JSON.stringify(report)));
})();
`;

function pageFor(card: object): string {
  const json = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>card</title><style>${PAGE_CSS}</style></head>
<body><div id="card"></div>
<script src="${pathToFileURL(RENDERER).href}"></script>
<script>window.HOST_CONFIG = ${json(TEAMS_LIGHT_HOST_CONFIG)}; window.CARD = ${json(card)};</script>
<script>${PAGE_SCRIPT}</script>
</body></html>`;
}

function findChromium(): string {
  const fromEnv = process.env.CHROMIUM ?? process.env.CHROME_PATH;
  if (fromEnv) return fromEnv;
  const names = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of names) if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  throw new Error('No Chromium found: install it (Debian: apt-get install -y chromium fonts-open-sans) or set CHROMIUM=/path/to/chrome.');
}

interface PageReport {
  problems: string[];
  error?: string;
  width: number;
  height: number;
}

function chromium(binary: string, profile: string, args: string[]): string {
  const sandbox = typeof process.getuid === 'function' && process.getuid() === 0 ? ['--no-sandbox'] : [];
  return execFileSync(
    binary,
    [
      '--headless',
      '--disable-gpu',
      ...sandbox,
      '--hide-scrollbars',
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-extensions',
      `--user-data-dir=${profile}`,
      '--allow-file-access-from-files',
      `--force-device-scale-factor=${SCALE}`,
      ...args,
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
  );
}

function renderOne(binary: string, work: string, sample: CardSample): { file: string; report: PageReport } {
  const html = join(work, `${sample.name}.html`);
  writeFileSync(html, pageFor(sample.render()));
  const url = pathToFileURL(html).href;
  const profile = join(work, 'profile');
  const width = CARD_WIDTH + 2 * PAGE_PADDING;

  // First pass: let the page render and measure itself; second: a screenshot of exactly that size.
  const dom = chromium(binary, profile, [`--window-size=${width},800`, '--dump-dom', url]);
  const match = /data-report="([^"]*)"/.exec(dom);
  if (!match) throw new Error(`${sample.name}: the page did not report (is ${RENDERER} there?)`);
  const report = JSON.parse(decodeURIComponent(match[1]!.replace(/&amp;/g, '&'))) as PageReport;
  if (report.error) throw new Error(`${sample.name}: the renderer failed: ${report.error}`);

  const file = join(OUT_DIR, `${sample.name}.png`);
  chromium(binary, profile, [`--window-size=${width},${report.height}`, `--screenshot=${file}`, url]);
  const png = PNG.sync.read(readFileSync(file));
  if (png.width !== width * SCALE || png.height !== report.height * SCALE) {
    throw new Error(`${sample.name}: expected a ${width * SCALE}×${report.height * SCALE} screenshot, got ${png.width}×${png.height}`);
  }
  return { file, report };
}

function main(): void {
  if (!existsSync(RENDERER)) throw new Error(`${RENDERER} is missing: run npm install first.`);
  const only = process.argv.slice(2);
  const unknown = only.filter((n) => !CARD_SAMPLES.some((s) => s.name === n));
  if (unknown.length) throw new Error(`No sample named ${unknown.join(', ')}; there are ${CARD_SAMPLES.map((s) => s.name).join(', ')}.`);
  const samples = only.length ? CARD_SAMPLES.filter((s) => only.includes(s.name)) : CARD_SAMPLES;

  const binary = findChromium();
  mkdirSync(OUT_DIR, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'render-cards-'));
  try {
    for (const sample of samples) {
      const { file, report } = renderOne(binary, work, sample);
      console.log(`${file.slice(ROOT.length + 1)}  ${report.width}×${report.height} CSS px at ${SCALE}x`);
      for (const problem of report.problems) console.warn(`  warning (${sample.name}): ${problem}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  if (!only.length) {
    writeFileSync(join(OUT_DIR, 'README.md'), galleryMarkdown());
    console.log('docs/cards/README.md');
  }
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
