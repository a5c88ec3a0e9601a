import fc from 'fast-check';
import { CardRenderError, MAX_CARD_BYTES, type AdaptiveCard } from '../../cards/render';
import { renderRequestCard } from '../../bot/views/request-card-view';
import { formatHistory } from '../../bot/views/history-view';
import { DEFAULT_CHECK_OPTIONS } from '../../domain/checks';
import type { CardSample } from '../../fixtures/card-sample';
import { CARD_SAMPLES } from '../../fixtures/card-samples';
import { SAMPLE_CONTENT, SAMPLE_REFERENCE, SAMPLE_RULES, SAMPLE_TIMES, samplePublished } from '../../fixtures/sample-request';
import { BotHarness, textOf } from '../support/bot-harness';

/**
 * Whatever people type, and whatever a directory calls them, is shown as text: it never
 * evaluates as a template, never breaks a card, never makes a link, emphasis or mention
 * and never reorders the text around it. Checked for every card the project defines, by
 * binding hostile text into every free-text field of its sample data.
 */

const EVIL = 'https://evil.example';
/** Built by concatenation: a literal `${` here would be a template-literal mistake to linters. */
const T = (body: string) => '$' + '{' + body + '}';
const FRAGMENTS = [
  T('x'),
  T("if(true,'x','y')"),
  T('$root.title'),
  '$' + '{',
  '$',
  '{',
  '}',
  '$when',
  '$data',
  `[x](${EVIL})`,
  `[x]( ${EVIL} )`,
  `[x][1]\n[1]: ${EVIL}`,
  `<${EVIL}>`,
  '**bold**',
  '__bold__',
  '_it_',
  '*it*',
  '~~gone~~',
  '`code`',
  '<at>Someone</at>',
  '<AT>Someone</AT>',
  '\u202Eevil\u202C',
  '\u202B',
  '\u2067rtl\u2069',
  '\u200F',
  'שלום',
  'مرحبا',
  '😀',
  '👩🏽‍💻',
  '"',
  '\\',
  '\n',
  '\t',
  '\u0000',
  '\u200B',
];
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

const noise = fc
  .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 10, unit: 'grapheme' })), { maxLength: 8 })
  .map((parts) => parts.join(''));
/** About 4 KB of hostile text: every field at once this long must still fit, cut. */
const huge = noise.map((n) => `${n}[x](${EVIL}) **b** ${T('x')} \u202E😀 `.repeat(400).slice(0, 4096));
/** One field's text: hostile noise, often after the user's own words (a marker, so it can be found again). */
const fieldText = fc.record({ words: fc.boolean(), noise: fc.oneof({ weight: 4, arbitrary: noise }, { weight: 1, arbitrary: huge }) });

// ---------------------------------------------------------------------------------------
// The string fields of a sample's data, and which of them are free text.

type Path = Array<string | number>;

function stringPaths(value: unknown, path: Path = []): Path[] {
  if (typeof value === 'string') return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringPaths(v, [...path, i]));
  // Trusted markdown (md`…`) is code, not data: its holes are checked through the views below.
  if (value && typeof value === 'object' && value.constructor === Object) return Object.entries(value).flatMap(([k, v]) => stringPaths(v, [...path, k]));
  return [];
}

function withValue(data: unknown, path: Path, text: string): unknown {
  if (path.length === 0) return text;
  const [head, ...rest] = path;
  if (Array.isArray(data)) return data.map((v, i) => (i === head ? withValue(v, rest, text) : v));
  return { ...(data as Record<string, unknown>), [head!]: withValue((data as Record<string, unknown>)[head!], rest, text) };
}
const withValues = (data: unknown, paths: Path[], texts: string[]) => paths.reduce((d, p, i) => withValue(d, p, texts[i]!), data);

/**
 * Free text is any string field whose schema takes a `${…}` at all; the others are enums
 * and tokens (references, draft keys, Teams user ids) whose patterns refuse it.
 */
function fields(sample: CardSample) {
  const all = stringPaths(sample.data);
  const accepts = (p: Path) => sample.card.schema.safeParse(withValue(sample.data, p, T('x'))).success;
  return { free: all.filter(accepts), fixed: all.filter((p) => !accepts(p)) };
}

const marker = (i: number) => `zq${i.toString(36)}Z`;

// ---------------------------------------------------------------------------------------
// Reading a rendered card.

type Node = Record<string, unknown>;
function nodes(value: unknown): Node[] {
  if (Array.isArray(value)) return value.flatMap(nodes);
  if (!value || typeof value !== 'object') return [];
  return [value as Node, ...Object.values(value).flatMap(nodes)];
}

/** Text Teams renders as markdown: TextBlocks and facts. */
function markdownStrings(card: AdaptiveCard): string[] {
  return nodes(card).flatMap((n) => {
    if (n.type === 'TextBlock' && typeof n.text === 'string') return [n.text];
    if (n.type === 'FactSet' && Array.isArray(n.facts))
      return (n.facts as Node[]).flatMap((f) => [f.title, f.value].filter((s): s is string => typeof s === 'string'));
    return [];
  });
}

/** Every string a person can see, input values included. */
function visibleStrings(card: AdaptiveCard): string[] {
  const keep = new Set(['text', 'title', 'value', 'label', 'placeholder']);
  return nodes(card).flatMap((n) =>
    Object.entries(n)
      .filter(([k, v]) => keep.has(k) && typeof v === 'string')
      .map(([, v]) => v as string),
  );
}

/** Markup that survived escaping: emphasis characters, link brackets, tags and autolinks. */
const markupIn = (texts: string[]) => texts.flatMap((t) => t.match(/[*_~`](?!\u200B)|\](?=[([:])|<(?=[A-Za-z/!?])/g) ?? []).sort();

/** Input values keep bidi controls as typed (an input box isolates them); nothing else may. */
const nonInputStrings = (card: AdaptiveCard) =>
  nodes(card).flatMap((n) =>
    Object.entries(n)
      .filter(([k, v]) => typeof v === 'string' && !(k === 'value' && typeof n.type === 'string' && n.type.startsWith('Input.')))
      .map(([, v]) => v as string),
  );

const bytes = (card: object) => Buffer.byteLength(JSON.stringify(card), 'utf8');

// ---------------------------------------------------------------------------------------

/** Renders the sample with `texts` in its free-text fields and checks the card; `shown` are the fields it shows. */
function check(sample: CardSample, free: Path[], shown: Set<number>, texts: Array<{ words: boolean; noise: string }>): void {
  const typed = texts.map((t, i) => (t.words ? `${marker(i)} ${t.noise}` : t.noise));
  const card = sample.card.render(withValues(sample.data, free, typed));
  const json = JSON.stringify(card);
  expect(json).not.toContain('${');
  expect(bytes(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);

  const markdown = markdownStrings(card);
  // No link to the hostile target, nor any link, mention or emphasis beyond what the
  // template itself writes (the same card with plain words in every field).
  for (const text of markdown) expect(text).not.toMatch(/\]\s*\(\s*<?https?:/);
  const plain = sample.card.render(
    withValues(
      sample.data,
      free,
      typed.map((t, i) => (t ? marker(i) : '')),
    ),
  );
  expect(markupIn(markdown)).toEqual(markupIn(markdownStrings(plain)));
  for (const text of nonInputStrings(card)) expect(text).not.toMatch(BIDI);

  // The user's words are still there, apart from the zero-width spaces that neutralise.
  const visible = visibleStrings(card)
    .join('\n')
    .replace(/\u200B/g, '');
  for (const i of shown) if (texts[i]!.words) expect(visible).toContain(marker(i));
}

describe('untrusted text in every card (property)', () => {
  /** Runs per card: eight cards, 800 cases in all. */
  const RUNS = 100;

  it.each(CARD_SAMPLES.map((s) => [s.name, s] as const))(
    '%s: hostile text in every free-text field renders inert, visible and under the size limit',
    (_name, sample) => {
      const { free } = fields(sample);
      expect(free.length).toBeGreaterThan(0);
      // Which fields the card shows at all (some only feed a `$when`, or show for other viewers).
      const shownCard = sample.card.render(
        withValues(
          sample.data,
          free,
          free.map((_, i) => marker(i)),
        ),
      );
      const shown = new Set(free.map((_, i) => i).filter((i) => visibleStrings(shownCard).some((s) => s.includes(marker(i)))));
      expect(shown.size).toBeGreaterThan(0);

      // The worst case first: 4 KB of hostile text in every field at once.
      const fourKb = `[x](${EVIL}) **b** ${T('x')} <at>A</at> \u202E😀 `.repeat(200).slice(0, 4096);
      check(
        sample,
        free,
        shown,
        free.map(() => ({ words: true, noise: fourKb })),
      );
      fc.assert(
        fc.property(fc.array(fieldText, { minLength: free.length, maxLength: free.length }), (texts) => check(sample, free, shown, texts)),
        { numRuns: RUNS },
      );
    },
  );

  it.each(CARD_SAMPLES.map((s) => [s.name, s] as const))('%s: a hostile value in a token or enum field is refused, never rendered', (_name, sample) => {
    for (const path of fields(sample).fixed) {
      expect(() => sample.card.render(withValue(sample.data, path, `${T('x')} [x](${EVIL})`))).toThrow(expect.objectContaining({ code: 'CARD_DATA_INVALID' }));
    }
  });

  it('still refuses a template mistake: a field the data does not have is an unbound field', async () => {
    const { defineCard } = await import('../../cards/render');
    const { z } = await import('zod');
    const card = defineCard(
      'broken',
      { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: T('missing') }] },
      z.object({ present: z.string() }),
    );
    expect(() => card.render({ present: T('x') })).toThrow(CardRenderError);
    expect(() => card.render({ present: T('x') })).toThrow(/unbound/);
  });
});

describe('markdown the code writes around untrusted text', () => {
  const HOSTILE_NAME = `Ev${T('il')} **x** [x](${EVIL}) <at>Someone</at> \u202Eevil`;

  it("keeps the card's own **Approved** while a decision maker's name and reasons stay plain", () => {
    const published = samplePublished();
    const hostile = { ...published.decision!.by, name: HOSTILE_NAME };
    const workflow = {
      ...published,
      requester: { ...published.requester, name: HOSTILE_NAME },
      decision: { ...published.decision!, by: hostile, reasons: `Because ${HOSTILE_NAME}` },
    };
    const card = renderRequestCard(SAMPLE_REFERENCE, { ...SAMPLE_CONTENT, title: HOSTILE_NAME }, workflow, {
      rules: SAMPLE_RULES,
      now: SAMPLE_TIMES.scrutinyOpens,
      checks: DEFAULT_CHECK_OPTIONS,
    });
    const outcome = markdownStrings(card).find((t) => t.includes('Approved'))!;
    expect(outcome.startsWith('**Approved** by Ev$\u200B{il} *\u200B*\u200Bx*\u200B*\u200B [x]\u200B(https://evil.example) <\u200Bat>')).toBe(true);
    expect(JSON.stringify(card)).not.toContain('${');
    for (const text of markdownStrings(card)) expect(text).not.toMatch(/\]\(|<at>|\u202E/);
    expect(
      visibleStrings(card)
        .join('\n')
        .replace(/\u200B/g, ''),
    ).toContain(`Requested by`);

    // A 4 KB name everywhere a name goes still renders, cut.
    const long = HOSTILE_NAME.repeat(80);
    const named = <P extends { name: string }>(p: P): P => ({ ...p, name: long });
    const huge = {
      ...workflow,
      requester: named(workflow.requester),
      decision: { ...workflow.decision, by: named(workflow.decision.by), onBehalfOf: named(workflow.decision.by), reasons: long },
      reviews: Object.fromEntries(Object.entries(workflow.reviews).map(([k, r]) => [k, { ...r!, by: named(r!.by), onBehalfOf: named(r!.by), text: long }])),
      callIns: [1, 2, 3].map(() => ({ by: named(workflow.decision.by), at: SAMPLE_TIMES.scrutinyOpens.toISOString(), grounds: long })),
    };
    const big = renderRequestCard(SAMPLE_REFERENCE, { ...SAMPLE_CONTENT, title: long, directorate: long }, huge, {
      rules: SAMPLE_RULES,
      now: SAMPLE_TIMES.scrutinyOpens,
      checks: DEFAULT_CHECK_OPTIONS,
    });
    expect(bytes(big)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    expect(JSON.stringify(big)).not.toContain('${');
    expect(markdownStrings(big).find((t) => t.startsWith('**Approved** by Ev$\u200B{il}'))).toBeDefined();
  });

  it('neutralises names and reasons in the history message (chat markdown) the same way', () => {
    const at = '2026-11-30T10:00:00Z';
    const text = formatHistory(SAMPLE_REFERENCE, [
      { action: 'approve', actor: { name: HOSTILE_NAME }, at, fromStatus: 'awaiting_decision', toStatus: 'approved', version: 7, reason: `[x](${EVIL})` },
      { refused: 'NOT_ALLOWED', action: 'approve', actor: { name: HOSTILE_NAME }, at },
    ]);
    expect(text).not.toMatch(/\]\(|<at>|\u202E|\*\*x\*\*/);
    expect(text).toContain(`**Ev$\u200B{il}`);
    expect(text).toContain('[x]\u200B(https://evil.example)');
  });
});

describe('a guest whose display name is template and markdown syntax (real bot)', () => {
  const bot = new BotHarness();
  beforeAll(() => bot.start());
  afterAll(() => bot.stop());

  it('installs the bot and gets the greeting card, with the name shown as text', async () => {
    const guest = { aadObjectId: '00000000-0000-0000-0000-0000000000e1', name: `Ev${T('il')} [x](${EVIL})` };
    const result = await bot.post(bot.activity('installationUpdate', guest, { action: 'add' }));
    expect(result.status).toBe(200);
    const messages = bot.connector.messagesTo(bot.personalConversationId(guest));
    expect(messages).toHaveLength(1);
    const attachments = messages[0]!.attachments as Array<{ contentType: string; content: AdaptiveCard }>;
    expect(attachments).toEqual([expect.objectContaining({ contentType: 'application/vnd.microsoft.card.adaptive' })]);
    const card = attachments[0]!.content;
    expect(textOf(messages[0]!)).not.toContain('${');
    expect(
      markdownStrings(card)
        .join('\n')
        .replace(/\u200B/g, ''),
    ).toContain(`Hello Ev${T('il')}.`);
    for (const text of markdownStrings(card)) expect(text).not.toMatch(/\]\(/);
    expect(bot.logs.filter((l) => l.level >= 50)).toEqual([]);
  });
});
