import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_CARD_BYTES } from '../../cards/render';
import { galleryMarkdown } from '../../fixtures/card-gallery';
import { CARD_SAMPLES } from '../../fixtures/card-samples';
import { SAMPLE_REFERENCE } from '../../fixtures/sample-request';

const bytes = (card: object) => Buffer.byteLength(JSON.stringify(card), 'utf8');
const text = (card: object) => JSON.stringify(card);

/** Every Action in a card, however deeply nested in ShowCards. */
function actionTitles(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(actionTitles);
  if (!node || typeof node !== 'object') return [];
  const o = node as Record<string, unknown>;
  const self = typeof o.type === 'string' && o.type.startsWith('Action.') && typeof o.title === 'string' ? [o.title] : [];
  return [...self, ...Object.values(o).flatMap(actionTitles)];
}

const byName = (name: string) => {
  const s = CARD_SAMPLES.find((c) => c.name === name);
  if (!s) throw new Error(`no sample ${name}`);
  return s;
};

describe('card samples (docs/cards pictures)', () => {
  it('has a sample for every card template', () => {
    const templates = readdirSync(join(__dirname, '../../cards'))
      .filter((f) => f.endsWith('.card.json'))
      .map((f) => f.replace('.card.json', ''));
    const covered = new Set(CARD_SAMPLES.map((s) => s.card.name));
    for (const t of templates) expect(covered).toContain(t);
    expect(new Set(CARD_SAMPLES.map((s) => s.name)).size).toBe(CARD_SAMPLES.length);
  });

  it.each(CARD_SAMPLES.map((s) => [s.name, s] as const))('%s: data fits its schema and renders under the size limit', (_name, sample) => {
    const parsed = sample.card.schema.safeParse(sample.data);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
    const bound = sample.card.render(sample.data);
    const sent = sample.render();
    for (const card of [bound, sent]) {
      expect(card.type).toBe('AdaptiveCard');
      expect(card.version).toBe('1.5');
      expect(text(card)).not.toContain('${');
      expect(bytes(card)).toBeLessThan(MAX_CARD_BYTES);
    }
    // The data given is what the bot's own entry point binds (which drops the `refresh: null` a `$when` leaves).
    const { refresh, ...rest } = bound;
    expect(refresh == null ? rest : bound).toEqual(sent);
  });

  it("shows seed 004's costs, funding and the director's signed comments", () => {
    const card = text(byName('request-card').render());
    for (const t of [
      'Request to create traded Childrens Commissioning posts',
      SAMPLE_REFERENCE,
      '£55,588',
      '£44,832',
      '£156,008',
      '£100,420',
      'OAWY',
      'SAFE Taskforce',
      'Financial Comments (FF 24/11/26)',
      'HR Comments (HH 25/11/26)',
      'Legal Comments (LL 26/11/26)',
    ]) {
      expect(card).toContain(t);
    }
    expect(actionTitles(byName('request-card').render())).toEqual(expect.arrayContaining(['Approve', 'Reject', 'Return for changes']));
  });

  it('shows the published decision with its call-in deadline, and Call in only for scrutiny', () => {
    const everyone = byName('decision-channel').render();
    expect(text(everyone)).toContain('Open to call-in until the end of');
    expect(actionTitles(everyone)).not.toContain('Call in');
    expect(actionTitles(byName('decision-channel-scrutiny').render())).toContain('Call in');
  });

  it('docs/cards lists a picture of every sample (npm run cards:render writes both)', () => {
    const docs = join(__dirname, '../../docs/cards');
    expect(readFileSync(join(docs, 'README.md'), 'utf8')).toBe(galleryMarkdown());
    for (const s of CARD_SAMPLES) expect(existsSync(join(docs, `${s.name}.png`))).toBe(true);
  });
});
