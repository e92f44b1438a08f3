import type { JoinResult } from '../../../service/contract';
import { MonthlyMatchChart, VennChart } from '../../charts/MatchCharts';
import { useI18n } from '../../i18n/I18nContext';

/** The match report of a join: who matched, how many duplicates, and the match rate over time. */
export function MatchReport({ report, leftName, rightName }: { report: JoinResult; leftName: string; rightName: string }) {
  const { t, tr } = useI18n();
  const pct = (x: number) => tr.pct(x);
  return (
    <div className="match-report" data-testid="match-report">
      <VennChart report={report} leftName={leftName} rightName={rightName} />
      <table className="small-table">
        <thead><tr><th /><th>{t('match.rows')}</th><th>{t('match.rate')}</th><th>{t('match.duplicates')}</th></tr></thead>
        <tbody>
          <tr><td>{t('match.left', { name: leftName })}</td><td>{tr.num(report.leftRows)}</td><td>{pct(report.matchRateLeft)}</td><td>{report.duplicateKeysLeft}</td></tr>
          <tr><td>{t('match.right', { name: rightName })}</td><td>{tr.num(report.rightRows)}</td><td>{pct(report.matchRateRight)}</td><td>{report.duplicateKeysRight}</td></tr>
        </tbody>
      </table>
      <p className="muted small">{t('match.summary', { matched: report.matched, dataset: report.dataset, rows: report.rows, how: t(`join.how.${report.how}`), duplicates: t(`join.dup.${report.duplicates}`) })}</p>
      {report.byMonth && report.byMonth.months.length > 0 && <MonthlyMatchChart report={report} />}
    </div>
  );
}
