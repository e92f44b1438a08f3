import { COLUMN_ROLES, type ColumnRole } from '../../../types/columns';
import type { ColumnProfile, DatasetProfile } from '../../../types/dataset';
import { ProfileChart } from '../../charts/ProfileChart';

function n(v: number | undefined | null, isDate = false): string {
  if (v === undefined || v === null || Number.isNaN(v)) return '—';
  if (isDate) return new Date(v).toISOString().slice(0, 10);
  if (Number.isInteger(v)) return v.toLocaleString();
  return Number(v.toPrecision(6)).toLocaleString(undefined, { maximumFractionDigits: 6 });
}

/** The profile of one column: counts, summary statistics, charts, and the target table. */
export function ProfilePanel({ profile, column, role, party, onRoleChange }: { profile: DatasetProfile; column: ColumnProfile; role: ColumnRole; party: string; onRoleChange: (role: ColumnRole) => void }) {
  const isDate = column.type === 'date';
  const s = column.numeric;
  return (
    <aside className="profile" data-testid="profile-panel">
      <h2>{column.name}</h2>
      <div className="muted small row">
        <span>{column.type} · from the {party} ·</span>
        <select aria-label={`role of ${column.name}`} value={role} onChange={(e) => onRoleChange(e.target.value as ColumnRole)}>
          {COLUMN_ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
        </select>
      </div>
      <dl className="stats">
        <dt>rows</dt><dd>{n(column.count)}</dd>
        <dt>missing</dt><dd>{n(column.missing)} <span className="muted">({((column.missing / Math.max(1, column.count)) * 100).toFixed(1)}%)</span></dd>
        <dt>distinct</dt><dd>{n(column.distinct)}</dd>
        {s && <>
          <dt>min</dt><dd>{n(s.min, isDate)}</dd>
          <dt>max</dt><dd>{n(s.max, isDate)}</dd>
          {!isDate && <><dt>mean</dt><dd>{n(s.mean)}</dd><dt>std</dt><dd>{n(s.std)}</dd></>}
          {s.quantiles.map((q) => <><dt key={`t${q.p}`}>p{Math.round(q.p * 100)}</dt><dd key={`d${q.p}`}>{n(q.value, isDate)}</dd></>)}
        </>}
        {column.targetProfile && <><dt>IV</dt><dd><strong>{column.targetProfile.iv.toFixed(4)}</strong></dd></>}
      </dl>
      <ProfileChart profile={column} kind="distribution" />
      {column.targetProfile && (
        <>
          <ProfileChart profile={column} kind="target" />
          <table className="small-table">
            <thead><tr><th>group</th><th>rows</th><th>{profile.event}</th><th>rate</th><th>WOE</th><th>IV</th></tr></thead>
            <tbody>
              {column.targetProfile.bins.map((b) => (
                <tr key={b.label}><td>{b.label}</td><td>{b.count}</td><td>{b.events}</td><td>{(b.eventRate * 100).toFixed(1)}%</td><td>{b.woe.toFixed(3)}</td><td>{b.iv.toFixed(4)}</td></tr>
              ))}
            </tbody>
          </table>
          <p className="muted small">WOE = ln(%non-event / %event); groups with no events or no non-events get 0.5 added to both counts.</p>
        </>
      )}
      {column.topCategories && !column.targetProfile && (
        <table className="small-table">
          <thead><tr><th>value</th><th>rows</th></tr></thead>
          <tbody>{column.topCategories.slice(0, 12).map((c) => <tr key={c.value}><td>{c.value}</td><td>{c.count}</td></tr>)}</tbody>
        </table>
      )}
    </aside>
  );
}
