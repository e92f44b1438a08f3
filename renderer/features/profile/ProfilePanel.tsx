import { COLUMN_ROLES, type ColumnRole } from '../../../types/columns';
import type { ColumnProfile, DatasetProfile } from '../../../types/dataset';
import { ProfileChart } from '../../charts/ProfileChart';
import { useI18n } from '../../i18n/I18nContext';
import { binLabel } from '../../../i18n/bin-label';

function n(v: number | undefined | null, isDate = false): string {
  if (v === undefined || v === null || Number.isNaN(v)) return '—';
  if (isDate) return new Date(v).toISOString().slice(0, 10);
  if (Number.isInteger(v)) return v.toLocaleString();
  return Number(v.toPrecision(6)).toLocaleString(undefined, { maximumFractionDigits: 6 });
}

/** The profile of one column: counts, summary statistics, charts, and the target table. */
export function ProfilePanel({ profile, column, role, party, onRoleChange }: { profile: DatasetProfile; column: ColumnProfile; role: ColumnRole; party: string; onRoleChange: (role: ColumnRole) => void }) {
  const { t, tr } = useI18n();
  const isDate = column.type === 'date';
  const s = column.numeric;
  return (
    <aside className="profile" data-testid="profile-panel">
      <h2>{column.name}</h2>
      <div className="muted small row">
        <span>{t('profile.fromParty', { type: t(`type.${column.type}`), party: party === 'lender' || party === 'partner' || party === 'joint' ? t(`party.${party}`) : party })} ·</span>
        <select aria-label={t('profile.roleOf', { column: column.name })} value={role} onChange={(e) => onRoleChange(e.target.value as ColumnRole)}>
          {COLUMN_ROLES.map((r) => <option key={r} value={r}>{t(`role.${r}`)}</option>)}
        </select>
      </div>
      <dl className="stats">
        <dt>{t('profile.rows')}</dt><dd>{n(column.count)}</dd>
        <dt>{t('profile.missing')}</dt><dd>{n(column.missing)} <span className="muted">({tr.pct(column.missing / Math.max(1, column.count))})</span></dd>
        <dt>{t('profile.distinct')}</dt><dd>{n(column.distinct)}</dd>
        {s && <>
          <dt>{t('profile.min')}</dt><dd>{n(s.min, isDate)}</dd>
          <dt>{t('profile.max')}</dt><dd>{n(s.max, isDate)}</dd>
          {!isDate && <><dt>{t('profile.mean')}</dt><dd>{n(s.mean)}</dd><dt>{t('profile.std')}</dt><dd>{n(s.std)}</dd></>}
          {s.quantiles.map((q) => <><dt key={`t${q.p}`}>p{Math.round(q.p * 100)}</dt><dd key={`d${q.p}`}>{n(q.value, isDate)}</dd></>)}
        </>}
        {column.targetProfile && <><dt>IV</dt><dd><strong>{column.targetProfile.iv.toFixed(4)}</strong></dd></>}
      </dl>
      <ProfileChart profile={column} kind="distribution" />
      {column.targetProfile && (
        <>
          <ProfileChart profile={column} kind="target" />
          <table className="small-table">
            <thead><tr><th>{t('profile.group')}</th><th>{t('profile.rows')}</th><th>{profile.event}</th><th>{t('profile.rate')}</th><th>WOE</th><th>IV</th></tr></thead>
            <tbody>
              {column.targetProfile.bins.map((b) => (
                <tr key={b.label}><td>{binLabel(b, t)}</td><td>{b.count}</td><td>{b.events}</td><td>{tr.pct(b.eventRate)}</td><td>{b.woe.toFixed(3)}</td><td>{b.iv.toFixed(4)}</td></tr>
              ))}
            </tbody>
          </table>
          <p className="muted small">{t('profile.woeNote')}</p>
        </>
      )}
      {column.topCategories && !column.targetProfile && (
        <table className="small-table">
          <thead><tr><th>{t('profile.value')}</th><th>{t('profile.rows')}</th></tr></thead>
          <tbody>{column.topCategories.slice(0, 12).map((c) => <tr key={c.value}><td>{c.value}</td><td>{c.count}</td></tr>)}</tbody>
        </table>
      )}
    </aside>
  );
}
