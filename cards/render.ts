import { Template } from 'adaptivecards-templating';
import type { z } from 'zod';

/** Teams refuses bot messages over about 28 KB; stay well under it. */
export const MAX_CARD_BYTES = 24 * 1024;

export type AdaptiveCard = { type: 'AdaptiveCard'; version: string; body: unknown[]; [key: string]: unknown };

export class CardRenderError extends Error {
  constructor(readonly code: 'CARD_UNBOUND_FIELD' | 'CARD_TOO_LARGE' | 'CARD_DATA_INVALID', message: string) {
    super(message);
    this.name = 'CardRenderError';
  }
}

/**
 * A card template bound to the zod schema of its data. Templates are parsed once; each
 * render validates the data, expands it and refuses output that still holds an unbound
 * `${...}` (adaptivecards-templating leaves those as literal text) or is too big for Teams.
 */
export function defineCard<S extends z.ZodType>(name: string, template: object, schema: S) {
  const compiled = new Template(template);
  return {
    name,
    schema,
    render(data: z.input<S>): AdaptiveCard {
      const parsed = schema.safeParse(data);
      if (!parsed.success) {
        throw new CardRenderError('CARD_DATA_INVALID', `${name}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
      }
      const card = compiled.expand({ $root: asMaps(parsed.data) }) as AdaptiveCard;
      // A `$when` on `refresh` leaves `refresh: null` behind; send no refresh at all instead.
      if (card.refresh == null) delete card.refresh;
      const json = JSON.stringify(card);
      if (json.includes('${')) throw new CardRenderError('CARD_UNBOUND_FIELD', `${name}: a template field was left unbound`);
      if (Buffer.byteLength(json, 'utf8') > MAX_CARD_BYTES) {
        throw new CardRenderError('CARD_TOO_LARGE', `${name}: card is ${Buffer.byteLength(json, 'utf8')} bytes`);
      }
      return card;
    },
  };
}

/**
 * The data as Maps. adaptive-expressions finds a property of a plain object by lowercasing
 * every key of it (a case-insensitive match), for each `${...}` it evaluates; a Map it asks
 * first. Same answers, about a sixth less garbage a render.
 */
function asMaps(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asMaps);
  if (value === null || typeof value !== 'object') return value;
  const map = new Map<string, unknown>();
  for (const key of Object.keys(value)) map.set(key, asMaps((value as Record<string, unknown>)[key]));
  return map;
}

/**
 * Text typed by users goes into TextBlocks, which render a little markdown (emphasis and
 * links). Backslash escapes would show literally, so a zero-width space breaks the markup
 * instead; long text is cut so a card stays under Teams' size limit.
 */
export function plainText(value: string, maxLength = 2000): string {
  const cut = value.length > maxLength ? `${value.slice(0, maxLength - 1)}…` : value;
  // "${" typed by a user must not look like an unbound template field either.
  return cut.replace(/\]\(/g, ']\u200B(').replace(/([*_~`])/g, '$1\u200B').replace(/\$\{/g, '$\u200B{');
}
