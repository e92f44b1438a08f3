import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { isLocale, pickLocale, type Locale } from '../../i18n/locales';
import { translator, type MessageKey, type MessageValues, type Translator } from '../../i18n/translate';

const STORAGE_KEY = 'jointscore.locale';

interface I18n {
  locale: Locale;
  tr: Translator;
  t: (key: MessageKey, values?: MessageValues) => string;
  setLocale: (locale: Locale) => void;
}

const I18nContext = createContext<I18n | null>(null);

/** The language: the one chosen before (remembered), else `?lang=`, else the system's (Electron passes the OS locale as navigator.language). */
function initialLocale(): Locale {
  try {
    const saved = window.localStorage.getItem(STORAGE_KEY);
    if (isLocale(saved)) return saved;
  } catch { /* storage unavailable: fall through */ }
  const asked = new URLSearchParams(window.location.search).get('lang');
  return pickLocale(asked ?? window.navigator.language);
}

/** Gives every screen the language; switching re-renders in place, keeping every screen's state. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  useEffect(() => { document.documentElement.lang = locale; }, [locale]);
  const value = useMemo<I18n>(() => {
    const tr = translator(locale);
    return {
      locale, tr, t: tr.t,
      setLocale: (l) => {
        try { window.localStorage.setItem(STORAGE_KEY, l); } catch { /* not remembered, still applied */ }
        setLocaleState(l);
      },
    };
  }, [locale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(I18nContext);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
