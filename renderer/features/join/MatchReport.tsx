import type { JoinResult } from '../../../service/contract';
import { MonthlyMatchChart, VennChart } from '../../charts/MatchCharts';
import { percent } from '../../components/format';

const pct = (x: number) => percent(x);

/** The match report of a join: who matched, how many duplicates, and the match rate over time. */
export function MatchReport({ report, leftName, rightName }: { report: JoinResult; leftName: string; rightName: string }) {
  return (
    <div className="match-report" data-testid="match-report">
      <VennChart report={report} leftName={leftName} rightName={rightName} />
      <table className="small-table">
        <thead><tr><th /><th>rows</th><th>match rate</th><th>duplicate keys</th></tr></thead>
        <tbody>
          <tr><td>{leftName} (left)</td><td>{report.leftRows.toLocaleString()}</td><td>{pct(report.matchRateLeft)}</td><td>{report.duplicateKeysLeft}</td></tr>
          <tr><td>{rightName} (right)</td><td>{report.rightRows.toLocaleString()}</td><td>{pct(report.matchRateRight)}</td><td>{report.duplicateKeysRight}</td></tr>
        </tbody>
      </table>
      <p className="muted small">{report.matched.toLocaleString()} matched; the joined dataset '{report.dataset}' has {report.rows.toLocaleString()} rows ({report.how} join, duplicates: {report.duplicates}).</p>
      {report.byMonth && report.byMonth.months.length > 0 && <MonthlyMatchChart report={report} />}
    </div>
  );
}
