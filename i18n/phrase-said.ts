import type { Said } from '../types/said';
import { catalogKeys, translator, type MessageKey, type Translator } from './translate';

let keys: Set<string> | null = null;
/** The input sets training names in words (an 'IV >= 0.02' set is named by its rule as written). */
const INPUT_SETS: Record<string, string> = { 'every varying variable': 'why.inputsSet.all', 'every numeric or categorical feature': 'why.inputsSet.everyFeature', selection: 'why.inputsSet.selection', request: 'why.inputsSet.request' };
const known = (key: string): key is MessageKey => (keys ??= new Set(catalogKeys('en'))).has(key);

/** The catalogue key that names a code-valued parameter (a sample, a trend, a role, a group), if it has one. */
function codeKey(name: string, value: string): string | null {
  switch (name) {
    case 'sample': return `sample.${value}`;
    case 'trend': return value === 'none' ? 'iv.free' : `edit.trend.${value}`;
    case 'role': return `role.${value}`;
    case 'group': return `said.group.${value}`;
    case 'format': return `said.format.${value}`;
    case 'inputs': return INPUT_SETS[value] ?? null;
    default: return null;
  }
}

/** A code-valued parameter in the reader's language; data parameters (columns, numbers) as they are. */
export function phraseParam(name: string, value: string | number, tr: Translator): string | number {
  if (typeof value !== 'string') return value;
  const key = codeKey(name, value);
  return key && known(key) ? tr.t(key) : value;
}

/** What the core said, in the reader's language. */
export function phraseSaid(s: Said, tr: Translator): string {
  const values = Object.fromEntries(Object.entries(s.params).map(([k, v]) => [k, phraseParam(k, v, tr)]));
  return tr.t(`said.${s.code}` as MessageKey, values);
}

/** What the core said, in English: the sentence kept beside the code for older readers and logs. */
export function saidInEnglish(s: Said): string {
  return phraseSaid(s, translator('en'));
}
