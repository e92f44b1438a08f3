import { IntlMessageFormat } from 'intl-messageformat';
import { EN, type MessageKey } from './catalog/en';
import { ZH_CN } from './catalog/zh-CN';
import type { Locale } from './locales';

export type { MessageKey };
export type MessageValues = Record<string, string | number | boolean | Date | null | undefined>;

const CATALOGS: Record<Locale, Readonly<Record<MessageKey, string>>> = { en: EN, 'zh-CN': ZH_CN };

/** Everything a shell needs to speak one language: messages (ICU: plurals, select, numbers) and locale formats. */
export interface Translator {
  readonly locale: Locale;
  t(key: MessageKey, values?: MessageValues): string;
  /** A number with the locale's grouping; `digits` fixed fraction digits (else up to 4 significant decimals). */
  num(x: number, digits?: number): string;
  /** A share (0.123 → 12.3%). */
  pct(x: number, digits?: number): string;
  /** A date and time (an ISO string, a timestamp or a Date), in the locale's order. */
  dateTime(at: string | number | Date): string;
}

const compiled = new Map<string, IntlMessageFormat>();

function message(locale: Locale, key: MessageKey): IntlMessageFormat {
  const id = `${locale}\u0000${key}`;
  let m = compiled.get(id);
  if (!m) {
    // A key no catalogue holds (a code made into a key at run time) reads as itself rather than breaking the page.
    const text = CATALOGS[locale][key] ?? CATALOGS.en[key] ?? String(key).replace(/[{}']/g, '');
    m = new IntlMessageFormat(text, locale, undefined, { ignoreTag: true });
    compiled.set(id, m);
  }
  return m;
}

const translators = new Map<Locale, Translator>();

export function translator(locale: Locale): Translator {
  let tr = translators.get(locale);
  if (tr) return tr;
  const pct = new Map<number, Intl.NumberFormat>();
  const nums = new Map<number, Intl.NumberFormat>();
  // Made on first use: a date formatter loads its locale's data (~10 ms), which most commands never need.
  let dt: Intl.DateTimeFormat | null = null;
  const numberFormat = (cache: Map<number, Intl.NumberFormat>, digits: number, options: Intl.NumberFormatOptions) => {
    let f = cache.get(digits);
    if (!f) { f = new Intl.NumberFormat(locale, options); cache.set(digits, f); }
    return f;
  };
  tr = {
    locale,
    t: (key, values) => {
      const v = values ? Object.fromEntries(Object.entries(values).map(([k, x]) => [k, x ?? ''])) : undefined;
      return String(message(locale, key).format(v as Record<string, string | number | boolean | Date>));
    },
    num: (x, digits) => (Number.isFinite(x) ? numberFormat(nums, digits ?? -1, digits === undefined ? { maximumFractionDigits: 4 } : { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(x) : '—'),
    pct: (x, digits = 1) => (Number.isFinite(x) ? numberFormat(pct, digits, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(x) : '—'),
    dateTime: (at) => (dt ??= new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })).format(new Date(at)),
  };
  translators.set(locale, tr);
  return tr;
}

/** Every key of the catalogues (for completeness tests and tools). */
export function catalogKeys(locale: Locale): MessageKey[] {
  return Object.keys(CATALOGS[locale]) as MessageKey[];
}

export function catalogText(locale: Locale, key: MessageKey): string {
  return CATALOGS[locale][key];
}
