/** The languages of the product. `en` is the source; every other catalogue has exactly its keys. */
export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', 'zh-CN': '简体中文' };

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

/**
 * The product language for an OS or browser locale tag: any Chinese (zh, zh_CN.UTF-8, zh-Hans-CN,
 * zh-TW too, which reads Simplified better than English) is zh-CN; everything else is English.
 */
export function pickLocale(tag: string | null | undefined): Locale {
  if (!tag) return 'en';
  if (isLocale(tag)) return tag;
  return /^zh([-_.]|$)/i.test(tag.trim()) ? 'zh-CN' : 'en';
}
