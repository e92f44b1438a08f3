import type { AuditEntry } from '../../data/store/audit-log';
import { describeAuditEntry } from '../../i18n/describe-audit';
import type { Locale } from '../../i18n/locales';
import { translator } from '../../i18n/translate';

export { DESCRIBED_ACTIONS } from '../../i18n/describe-audit';

/** What an audit entry changed, in one sentence (English unless a language is asked for); an unknown kind of entry names its action and parameters. */
export function describeAudit(e: Pick<AuditEntry, 'action' | 'params'>, lang: Locale = 'en'): string {
  return describeAuditEntry(e, translator(lang));
}
