import type { MessageKey, MessageValues } from './translate';

type T = (key: MessageKey, values?: MessageValues) => string;

/**
 * A bin's or group's name in the user's language: the missing rows, the other categories and a
 * special value are named by their kind; a value range or a category stays as the data wrote it.
 */
export function binLabel(b: { label: string; kind?: string }, t: T): string {
  if (b.kind === 'missing') return t('binLabel.missing');
  if (b.kind === 'other') return t('binLabel.other');
  if (b.kind === 'special') return t('binLabel.special', { value: b.label.replace(/^Special /, '') });
  return b.label;
}
