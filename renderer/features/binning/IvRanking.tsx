import { useMemo, useState } from 'react';
import type { VariableBinning } from '../../../types/binning';
import { useI18n } from '../../i18n/I18nContext';

type SortKey = 'name' | 'party' | 'iv' | 'ks' | 'bins';

const bins = (v: VariableBinning) => v.table.bins.filter((b) => b.kind === 'bin').length;

/** Every binned variable with its IV and KS: sortable by any column, filterable by name or party. */
export function IvRanking({ variables, selected, onSelect }: { variables: VariableBinning[]; selected: string | null; onSelect: (name: string) => void }) {
  const { t } = useI18n();
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'iv', desc: true });
  const [filter, setFilter] = useState('');
  const rows = useMemo(() => {
    const f = filter.trim().toLowerCase();
    const value = (v: VariableBinning): string | number => (sort.key === 'name' ? v.name : sort.key === 'party' ? v.party ?? '' : sort.key === 'iv' ? v.table.iv : sort.key === 'ks' ? v.table.ks : bins(v));
    return variables
      .filter((v) => !f || v.name.toLowerCase().includes(f) || (v.party ?? '').toLowerCase().includes(f))
      .sort((a, b) => { const x = value(a), y = value(b); const c = x < y ? -1 : x > y ? 1 : 0; return sort.desc ? -c : c; });
  }, [variables, sort, filter]);
  const head = (key: SortKey, label: string) => (
    <th aria-sort={sort.key === key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
      <button className="ghost sort" onClick={() => setSort((s) => ({ key, desc: s.key === key ? !s.desc : key !== 'name' && key !== 'party' }))}>{label}{sort.key === key ? (sort.desc ? ' ▾' : ' ▴') : ''}</button>
    </th>
  );
  const strength = (iv: number) => (iv < 0.02 ? 'useless' : iv < 0.1 ? 'weak' : iv < 0.3 ? 'medium' : iv < 0.5 ? 'strong' : 'suspicious') as 'useless' | 'weak' | 'medium' | 'strong' | 'suspicious';
  return (
    <div className="iv-ranking">
      <input className="filter" placeholder={t('iv.filter')} aria-label={t('iv.filterLabel')} value={filter} onChange={(e) => setFilter(e.target.value)} />
      <table className="table" aria-label={t('iv.table')}>
        <thead><tr>{head('name', t('iv.variable'))}{head('party', t('iv.party'))}{head('iv', 'IV')}{head('ks', 'KS')}{head('bins', t('iv.bins'))}</tr></thead>
        <tbody>
          {rows.map((v) => (
            <tr key={v.name} className={v.name === selected ? 'active' : ''} onClick={() => onSelect(v.name)}>
              <td title={v.name}>{v.name}{v.edited && <span className="tag" title={t('iv.editedTitle')}>{t('iv.edited')}</span>}</td>
              <td><span className={`party p-${v.party ?? ''}`}>{v.party === 'lender' || v.party === 'partner' || v.party === 'joint' ? t(`party.${v.party}`) : v.party}</span></td>
              <td className="num" title={t(`iv.strength.${strength(v.table.iv)}`)}>{v.table.iv.toFixed(4)}<span className={`iv-bar iv-${strength(v.table.iv)}`} style={{ width: `${Math.min(1, v.table.iv / 0.6) * 48}px` }} /></td>
              <td className="num">{v.table.ks.toFixed(3)}</td>
              <td className="num" title={v.tuning ? t('iv.tuning', { folds: v.tuning.folds, trend: v.tuning.chosen.trend === 'none' ? t('iv.free') : t(`edit.trend.${v.tuning.chosen.trend}`), share: v.tuning.chosen.minBinShare }) : undefined}>{bins(v)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">{t('iv.footer', { shown: rows.length, total: variables.length })}</p>
    </div>
  );
}
