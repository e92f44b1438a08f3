import type { MessageKey, MessageValues } from '../../i18n/translate';

type T = (key: MessageKey, values?: MessageValues) => string;

/** A sample's name in the user's language (train, test, oot, all), else as stored. */
export function sampleName(sample: string, t: T): string {
  return sample === 'train' || sample === 'test' || sample === 'oot' || sample === 'all' ? t(`sample.${sample}`) : sample;
}

/** A party's name in the user's language when it is one of the usual ones, else as the user named it. */
export function partyName(party: string | null | undefined, t: T): string {
  if (!party) return '';
  return party === 'lender' || party === 'partner' || party === 'joint' ? t(`party.${party}`) : party;
}
