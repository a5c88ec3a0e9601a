import { Template } from 'adaptivecards-templating';
import { z } from 'zod';

/** Teams refuses bot messages over about 28 KB; stay well under it. */
export const MAX_CARD_BYTES = 24 * 1024;

/** Longest text a field shows when its schema sets no `.max()`; an Input's value keeps more. */
const TEXT_LIMIT = 2000;
const INPUT_LIMIT = 4000;
/** Cutting a card to fit never takes a field below this many characters. */
const MIN_FIT = 24;

export type AdaptiveCard = { type: 'AdaptiveCard'; version: string; body: unknown[]; [key: string]: unknown };

export class CardRenderError extends Error {
  constructor(
    readonly code: 'CARD_UNBOUND_FIELD' | 'CARD_TOO_LARGE' | 'CARD_DATA_INVALID',
    message: string,
  ) {
    super(message);
    this.name = 'CardRenderError';
  }
}

// ---------------------------------------------------------------------------------------
// What each string field of a card's data is. Every string is untrusted text unless its
// schema says otherwise, so a new card or field is escaped without anyone remembering to.

type FieldKind = 'input' | 'token';
const fieldKinds = z.registry<{ kind: FieldKind }>();

/**
 * Text someone typed, put back into an Input's `value`: an input box shows no markdown, and
 * the value is submitted again, so it is kept as typed, only cut to `max` characters (the
 * submission's own limit) and with `${` broken so it cannot look like a template field.
 */
export function inputField(max: number) {
  return z.string().max(max).register(fieldKinds, { kind: 'input' });
}

/**
 * A value the system makes (a reference, a draft key, a Teams user id), bound as it is:
 * escaping would change it (Teams user ids contain `_`), so its pattern must keep it to
 * characters that cannot be markup or a template field. Anything else is refused.
 */
export function tokenField(pattern: RegExp) {
  return z.string().regex(pattern).register(fieldKinds, { kind: 'token' });
}

/** The tokens cards carry: request references (ECR-2026-0001), draft keys, Teams user ids (29:…) and the bot's own download links. */
export const TOKENS = {
  reference: /^[A-Za-z0-9-]{1,40}$/,
  draftKey: /^[A-Za-z0-9_-]{1,100}$/,
  teamsUserId: /^[A-Za-z0-9:._@-]{1,128}$/,
  downloadUrl: /^https?:\/\/[A-Za-z0-9.:[\]_~/-]{1,400}$/,
} as const;

/**
 * Markdown the code itself writes (`**Approved** by …`). Only `md` makes one, and it
 * escapes every value put into it as untrusted text, so user text inside stays plain.
 */
export class Markdown {
  private constructor(readonly source: string) {}

  /** See `md`. */
  static fromTemplate(literals: TemplateStringsArray, values: ReadonlyArray<string | number | Markdown>): Markdown {
    let source = literals[0] ?? '';
    values.forEach((value, i) => {
      source += value instanceof Markdown ? value.source : plainText(String(value));
      source += literals[i + 1] ?? '';
    });
    return new Markdown(source);
  }
}

/**
 * md`**Approved** by ${name}`: the literal parts are markdown, every value is escaped as
 * untrusted text (and cut to 2,000 characters: markdown is not cut to fit a card later).
 */
export function md(literals: TemplateStringsArray, ...values: Array<string | number | Markdown>): Markdown {
  return Markdown.fromTemplate(literals, values);
}

/** A TextBlock's text that may be trusted markdown from `md` or (escaped) plain text. */
export const markdownText = z.union([z.string(), z.custom<Markdown>((value) => value instanceof Markdown, 'trusted markdown (made by md)')]);

// ---------------------------------------------------------------------------------------

export interface RenderOptions {
  /**
   * When the card is over the size limit, cut every long text shorter until it fits (the
   * default). A view with its own compact layout passes false first and shrinks it itself.
   */
  cutToFit?: boolean;
}

/**
 * A card template bound to the zod schema of its data. Templates are parsed once; each
 * render cuts strings to their schema's `.max()`, validates the data, escapes every
 * untrusted string (see `plainText`), expands it and refuses output that still holds an
 * unbound `${...}` (adaptivecards-templating leaves those as literal text: with every
 * value escaped, one left is a template mistake) or is too big for Teams even when cut.
 */
export function defineCard<S extends z.ZodType>(name: string, template: object, schema: S) {
  const compiled = new Template(template);
  const expand = (data: unknown, cap: number) => {
    const card = compiled.expand({ $root: bind(schema, data, cap) }) as AdaptiveCard;
    // A `$when` on `refresh` leaves `refresh: null` behind; send no refresh at all instead.
    if (card.refresh == null) delete card.refresh;
    const json = JSON.stringify(card);
    if (json.includes('${')) throw new CardRenderError('CARD_UNBOUND_FIELD', `${name}: a template field was left unbound`);
    return { card, bytes: Buffer.byteLength(json, 'utf8') };
  };
  return {
    name,
    schema,
    render(data: z.input<S>, options: RenderOptions = {}): AdaptiveCard {
      const parsed = parse(schema, data);
      if (!parsed.success) {
        throw new CardRenderError('CARD_DATA_INVALID', `${name}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
      }
      let out = expand(parsed.data, Infinity);
      if (out.bytes > MAX_CARD_BYTES && options.cutToFit !== false) {
        // The longest cut that fits, found by halving: every text field keeps that much.
        let fits = expand(parsed.data, MIN_FIT);
        if (fits.bytes <= MAX_CARD_BYTES) {
          let [lo, hi] = [MIN_FIT, INPUT_LIMIT];
          while (hi - lo > 8) {
            const mid = Math.floor((lo + hi) / 2);
            const tried = expand(parsed.data, mid);
            if (tried.bytes <= MAX_CARD_BYTES) [lo, fits] = [mid, tried];
            else hi = mid;
          }
        }
        out = fits;
      }
      if (out.bytes > MAX_CARD_BYTES) throw new CardRenderError('CARD_TOO_LARGE', `${name}: card is ${out.bytes} bytes`);
      return out.card;
    },
  };
}

// ---------------------------------------------------------------------------------------
// Walking the data alongside its schema.

type Def = {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  options?: z.ZodType[];
};
const defOf = (schema: z.ZodType): Def | undefined => (schema as unknown as { _zod?: { def?: Def } })._zod?.def;

/** Wrappers that do not change what a value is. */
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

/** What a schema node makes of a string (and where an object's or array's fields are). */
interface Resolved {
  /** fixed: an enum, literal or token, which the schema pins down. */
  string: { kind: 'text' | 'input' | 'fixed'; max: number | undefined };
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
}
// An unknown schema (or none) still has its strings escaped: the safe default.
const UNKNOWN: Resolved = { string: { kind: 'text', max: undefined } };
const resolved = new WeakMap<z.ZodType, Resolved>();

function resolve(schema: z.ZodType | undefined): Resolved {
  if (!schema) return UNKNOWN;
  let found = resolved.get(schema);
  if (!found) {
    found = resolveUncached(schema);
    resolved.set(schema, found);
  }
  return found;
}

function resolveUncached(schema: z.ZodType): Resolved {
  const registered = fieldKinds.get(schema)?.kind;
  if (registered === 'token') return { string: { kind: 'fixed', max: undefined } };
  const def = defOf(schema);
  if (!def) return UNKNOWN;
  if (WRAPPERS.has(def.type)) return resolve(def.innerType);
  if (def.type === 'pipe') return resolve(def.in);
  if (def.type === 'union') return { string: resolve(def.options?.find((o) => ['string', 'enum', 'literal'].includes(defOf(o)?.type ?? ''))).string };
  if (def.type === 'enum' || def.type === 'literal') return { string: { kind: 'fixed', max: undefined } };
  if (def.type === 'object') return { ...UNKNOWN, shape: def.shape };
  if (def.type === 'array') return { ...UNKNOWN, element: def.element };
  const max = (schema as { maxLength?: number | null }).maxLength ?? undefined;
  return { string: { kind: registered === 'input' ? 'input' : 'text', max } };
}

/** Validates the data; a string longer than its schema's `.max()` is cut to it, not refused. */
function parse<S extends z.ZodType>(schema: S, data: unknown) {
  const first = schema.safeParse(data);
  return first.success ? first : schema.safeParse(cutToSchema(schema, data));
}

function cutToSchema(schema: z.ZodType | undefined, value: unknown): unknown {
  const r = resolve(schema);
  if (typeof value === 'string') {
    const { kind, max } = r.string;
    return kind === 'fixed' || max === undefined ? value : truncate(value, max, kind === 'input' ? '' : '…');
  }
  if (Array.isArray(value)) return value.map((v) => cutToSchema(r.element, v));
  if (value === null || typeof value !== 'object' || value instanceof Markdown) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = cutToSchema(r.shape?.[key], (value as Record<string, unknown>)[key]);
  return out;
}

/**
 * After validation: the data as the template binds it, every untrusted string escaped and
 * cut to `cap` characters at most. Objects become Maps: adaptive-expressions finds a
 * property of a plain object by lowercasing every key of it (a case-insensitive match),
 * for each `${...}` it evaluates; a Map it asks first. Same answers, less garbage.
 */
function bind(schema: z.ZodType | undefined, value: unknown, cap: number): unknown {
  const r = resolve(schema);
  if (typeof value === 'string') {
    const { kind, max } = r.string;
    if (kind === 'text') return plainText(value, Math.min(cap, max ?? TEXT_LIMIT));
    if (kind === 'input') return truncate(value, Math.min(cap, max ?? INPUT_LIMIT), '').replace(/\$\{/g, '$\u200B{');
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => bind(r.element, v, cap));
  if (value instanceof Markdown) return value.source;
  if (value === null || typeof value !== 'object') return value;
  const map = new Map<string, unknown>();
  for (const key of Object.keys(value)) map.set(key, bind(r.shape?.[key], (value as Record<string, unknown>)[key], cap));
  return map;
}

// ---------------------------------------------------------------------------------------
// Untrusted text.

// Bidi embeddings, overrides, isolates and marks: typed text must not reorder what the card
// puts around it (a name ending in U+202E would reverse the rest of the line).
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
// Control characters other than tab and line breaks show as boxes, or break some clients.
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

// Any character the replacements below act on: most text has none, and is left as it is.
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPING = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\]*_~`<$]/;

/**
 * Untrusted text made inert for a TextBlock, which renders a little markdown (emphasis,
 * links) and, in Teams, `<at>` mentions. Backslash escapes would show literally, so a
 * zero-width space breaks the markup instead; `${` is broken the same way so it cannot
 * look like an unbound template field. Idempotent: escaping twice changes nothing more.
 */
function neutralise(value: string): string {
  if (!NEEDS_ESCAPING.test(value)) return value;
  return value
    .replace(BIDI_CONTROLS, '')
    .replace(CONTROLS, '')
    .replace(/\]([([:])/g, ']\u200B$1')
    .replace(/([*_~`])(?!\u200B)/g, '$1\u200B')
    .replace(/<(?=[A-Za-z/!?])/g, '<\u200B')
    .replace(/\$\{/g, '$\u200B{');
}

/** Untrusted text cut to `maxLength` characters and neutralised (see `neutralise`); cards do this to every string field themselves. */
export function plainText(value: string, maxLength = TEXT_LIMIT): string {
  return neutralise(truncate(value, maxLength));
}

/** `value` cut to at most `max` characters, ending in `ellipsis`, never splitting a surrogate pair. */
export function truncate(value: string, max: number, ellipsis = '…'): string {
  if (value.length <= max) return value;
  let end = Math.max(0, max - ellipsis.length);
  const last = value.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return value.slice(0, end) + ellipsis;
}
