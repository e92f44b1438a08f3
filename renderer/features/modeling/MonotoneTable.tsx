import { useI18n } from '../../i18n/I18nContext';

/** `COL=+1, COL2=-1` as a map (other values kept as typed, for the service to refuse). */
export function parseMonotone(text: string): Map<string, string> {
  return new Map(text.split(/[,;\s]+/).filter(Boolean).map((p) => { const [c, v] = p.split('='); return [c!, v ?? ''] as [string, string]; }));
}

/** The map back as text, in the order given. */
export function monotoneText(m: ReadonlyMap<string, string>): string {
  return [...m].map(([c, v]) => `${c}=${v}`).join(', ');
}

/** One row per numeric input: never lower the risk as it rises (+1), never raise it (−1), or free — the text above kept in step. */
export function MonotoneTable({ columns, text, onChange }: { columns: readonly string[]; text: string; onChange: (text: string) => void }) {
  const { t } = useI18n();
  const m = parseMonotone(text);
  const set = (column: string, value: string) => {
    const next = new Map(m);
    if (value === '') next.delete(column); else next.set(column, value);
    onChange(monotoneText(next));
  };
  if (columns.length === 0) return null;
  return (
    <div className="monotone-table wide">
      <table className="compact" aria-label={t('train.monotoneTable')}>
        <thead><tr><th>{t('train.monotoneInput')}</th><th>{t('train.monotoneRule')}</th></tr></thead>
        <tbody>{columns.map((c) => {
          const v = m.get(c) ?? '';
          const value = v === '+1' || v === '1' ? '+1' : v === '-1' ? '-1' : '';
          return (
            <tr key={c}><td>{c}</td><td>
              <select aria-label={t('train.monotoneFor', { column: c })} value={value} onChange={(e) => set(c, e.target.value)}>
                <option value="">{t('train.monoFree')}</option><option value="+1">{t('train.monoUp')}</option><option value="-1">{t('train.monoDown')}</option>
              </select>
            </td></tr>
          );
        })}</tbody>
      </table>
    </div>
  );
}
