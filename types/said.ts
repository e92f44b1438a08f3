import type { MessageKey } from '../i18n/catalog/en';

/** The codes of the sentences the core says: the catalogue keys under `said.`. */
export type SaidCode = MessageKey extends infer K ? (K extends `said.${infer C}` ? C : never) : never;
export type SaidParams = Record<string, string | number>;

/**
 * A sentence the core says (a reason, a warning, a step's state) as a code and its parameters,
 * never as words: each shell phrases it in its reader's language (i18n/phrase-said.ts). Parameters
 * named `sample`, `trend`, `role`, `group` or `format` are codes too (train, ascending, outcome, missing, thousands) and are named
 * in the reader's language; every other parameter is data (a column, a number) and shown as is.
 */
export interface Said {
  code: SaidCode;
  params: SaidParams;
}

export const said = (code: SaidCode, params: SaidParams = {}): Said => ({ code, params });
