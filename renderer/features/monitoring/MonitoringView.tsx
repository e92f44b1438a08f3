import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/I18nContext';
import type { MonitorResult, ResultOf } from '../../../service/contract';
import type { DatasetDetail } from '../../../types/dataset';
import type { Light, MonitorThresholds, PeriodKind } from '../../../types/monitor';
import { useClient } from '../../client/context';
import { ErrorBanner, toWire } from '../../components/ErrorBanner';
import { ProgressBar } from '../../components/ProgressBar';
import { useJob } from '../../components/useJob';
import { percent } from '../../components/format';
import { FilePicker } from '../files/FilePicker';
import { stageFlags } from '../funnel/stage-flags';
import { ComparePanel } from './ComparePanel';
import { DistributionChart, FunnelChart, StabilityChart, VintageChart } from './MonitoringCharts';

type Bundles = ResultOf<'monitor.bundles'>;
const fix = (x: number | null | undefined, d = 4) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(d));
const pct = (x: number | null | undefined) => (x === null || x === undefined ? '–' : percent(x));
const THRESHOLD_KEYS: Exclude<keyof MonitorThresholds, 'funnelBands'>[] = ['psiWarn', 'psiAlert', 'csiWarn', 'csiAlert', 'aucDropWarn', 'aucDropAlert'];

function LightCell({ light, children, title }: { light: Light; children: React.ReactNode; title?: string }) {
  const { t } = useI18n();
  return <td className={`light-${light}`} title={title ?? t(`monitor.light.${light}`)}>{children}</td>;
}

const bandsText = (b: MonitorThresholds['funnelBands']) => Object.entries(b ?? {}).map(([s, [lo, hi]]) => `${s}=${lo}:${hi}`).join(', ');
/** `applied=0.15:0.3, approved=0.4:0.6` as bands; a malformed entry is passed on as NaN for the service to name. */
const parseBands = (text: string): Record<string, [number, number]> => Object.fromEntries(text.split(',').map((x) => x.trim()).filter(Boolean).map((x) => {
  const m = /^([^=]+)=([^:]*):(.*)$/.exec(x);
  return m ? [m[1]!.trim(), [Number(m[2]), Number(m[3])]] : [x, [Number.NaN, Number.NaN]];
}));

/** The thresholds that turn figures amber and red, saved with the workspace. */
function ThresholdsForm({ workspace, onSaved }: { workspace: string; onSaved: (t: MonitorThresholds) => void }) {
  const { t } = useI18n();
  const client = useClient();
  const [values, setValues] = useState<Record<string, string> | null>(null);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<ReturnType<typeof toWire> | null>(null);
  useEffect(() => { void client.call('monitor.thresholds', { workspace }).then((r) => { setValues({ ...Object.fromEntries(THRESHOLD_KEYS.map((k) => [k, String(r[k])])), funnelBands: bandsText(r.funnelBands) }); setSaved(r.saved); onSaved(r); }); }, [client, workspace]);
  if (!values) return null;
  const save = async () => {
    try {
      setError(null);
      const r = await client.call('monitor.setThresholds', { workspace, thresholds: { ...Object.fromEntries(THRESHOLD_KEYS.map((k) => [k, Number(values[k])])), funnelBands: parseBands(values.funnelBands ?? '') } });
      setSaved(true);
      onSaved(r);
    } catch (e) { setError(toWire(e)); }
  };
  return (
    <details className="monitor-thresholds">
      <summary>{t('monitor.thresholds')} <span className="muted small">{saved ? t('monitor.thresholdsSaved') : t('monitor.thresholdsDefault')}</span></summary>
      <div className="toolbar wrap">
        {THRESHOLD_KEYS.map((k) => (
          <label key={k} className="field inline"><span>{t(`monitor.th.${k}`)}</span><input aria-label={t(`monitor.th.${k}`)} type="number" step={0.01} min={0} style={{ width: '6em' }} value={values[k]} onChange={(e) => setValues({ ...values, [k]: e.target.value })} /></label>
        ))}
        <label className="field inline"><span>{t('monitor.th.funnelBands')}</span><input aria-label={t('monitor.th.funnelBands')} size={36} value={values.funnelBands} placeholder="applied=0.15:0.30" onChange={(e) => setValues({ ...values, funnelBands: e.target.value })} /></label>
        <button className="small" onClick={() => void save()}>{t('monitor.saveThresholds')}</button>
      </div>
      <ErrorBanner error={error} onClose={() => setError(null)} />
    </details>
  );
}

/** One card's figures by period: the summary table with its lights, the three charts, CSI by characteristic. */
function CardResult({ r, card, thresholds }: { r: MonitorResult; card: number; thresholds: MonitorThresholds }) {
  const { t } = useI18n();
  const info = r.cards[card]!;
  return (
    <section className="monitor-card">
      <h3>{t('monitor.cardTitle', { card: t(`purpose.${info.key}` as 'purpose.credit'), name: info.modelName })} <span className="muted small">{info.target ? t('monitor.outcome', { target: info.target, event: info.event ?? '' }) : t('monitor.noOutcome')} · {t('monitor.reference', { auc: fix(info.referenceAuc) })}</span></h3>
      <div className="table-scroll">
        <table className="compact" aria-label={t('monitor.summary', { card: info.key })}>
          <thead><tr><th>{t('monitor.period')}</th><th>{t('monitor.rows')}</th><th>{t('monitor.meanScore')}</th><th>PSI</th><th>{t('monitor.worstCsi')}</th><th>{t('monitor.outcomeRows')}</th><th>{t('monitor.eventRate')}</th><th>AUC</th><th>KS</th><th>{t('monitor.aucDrop')}</th></tr></thead>
          <tbody>{r.periods.map((p) => {
            const c = p.cards[card]!;
            const w = c.characteristics.reduce<(typeof c.characteristics)[number] | null>((a, x) => (a === null || x.csi > a.csi ? x : a), null);
            return (
              <tr key={p.period}>
                <td>{p.period}</td><td>{c.rows.toLocaleString()}</td><td>{fix(c.meanScore, 1)}</td>
                <LightCell light={c.psiLight}>{fix(c.psi)}</LightCell>
                {w ? <LightCell light={w.light} title={w.moved.map((m) => `${m.label}: ${pct(m.expectedShare)} → ${pct(m.share)}`).join('\n')}>{w.name} {fix(w.csi)}</LightCell> : <td>–</td>}
                <td>{c.outcome.rows.toLocaleString()}</td><td>{pct(c.outcome.eventRate)}</td><td>{fix(c.outcome.metrics?.auc)}</td><td>{fix(c.outcome.metrics?.ks)}</td>
                <LightCell light={c.outcome.light}>{fix(c.outcome.aucDrop)}</LightCell>
              </tr>
            );
          })}</tbody>
        </table>
      </div>
      <div className="monitor-charts">
        <StabilityChart r={r} card={card} thresholds={thresholds} />
        <DistributionChart r={r} card={card} />
        {r.periods.some((p) => p.cards[card]!.outcome.rows > 0) && <VintageChart r={r} card={card} />}
      </div>
      {info.characteristics.length > 0 && (
        <div className="table-scroll">
          <table className="compact" aria-label={t('monitor.csiTable')}>
            <caption>{t('monitor.csiTable')}</caption>
            <thead><tr><th>{t('monitor.characteristic')}</th>{r.periods.map((p) => <th key={p.period}>{p.period}</th>)}</tr></thead>
            <tbody>{info.characteristics.map((n) => (
              <tr key={n}><td>{n}</td>{r.periods.map((p) => { const x = p.cards[card]!.characteristics.find((c) => c.name === n)!; return <LightCell key={p.period} light={x.light} title={x.moved.map((m) => `${m.label}: ${pct(m.expectedShare)} → ${pct(m.share)}`).join('\n')}>{fix(x.csi, 3)}</LightCell>; })}</tr>
            ))}</tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** The funnel by period: conversion from the stage before, lit against its band, for all rows and per segment. */
function FunnelResult({ f }: { f: NonNullable<MonitorResult['funnel']> }) {
  const { t } = useI18n();
  const segments = [...new Set(f.periods.map((p) => p.segment))];
  return (
    <section className="monitor-card">
      <h3>{t('monitor.funnel')}</h3>
      <FunnelChart f={f} />
      {segments.map((seg) => (
        <div key={seg} className="table-scroll">
          <table className="compact" aria-label={seg === 'all' ? t('monitor.funnelAll') : t('monitor.funnelSegment', { column: f.segment ?? '', value: seg })}>
            <caption>{seg === 'all' ? t('monitor.funnelAll') : t('monitor.funnelSegment', { column: f.segment ?? '', value: seg })}</caption>
            <thead><tr><th>{t('monitor.period')}</th>{f.stages.map((s) => <th key={s}>{s}</th>)}</tr></thead>
            <tbody>{f.periods.filter((p) => p.segment === seg).map((p) => (
              <tr key={p.period}><td>{p.period}</td>{p.cells.map((c) => <LightCell key={c.stage} light={c.light} title={c.band ? t('monitor.band', { lower: pct(c.band.lower), upper: pct(c.band.upper) }) : undefined}>{pct(c.conversion)} <span className="muted small">{c.count.toLocaleString()}</span></LightCell>)}</tr>
            ))}</tbody>
          </table>
        </div>
      ))}
      <p className="muted small">{t('monitor.funnelNote')}</p>
    </section>
  );
}

/** Monitoring after go-live: a bundle watched on this dataset's rows period by period, with lights, charts and the HTML report. */
export function MonitoringView({ workspace, dataset }: { workspace: string; dataset: DatasetDetail }) {
  const { t, locale: lang } = useI18n();
  const client = useClient();
  const job = useJob('monitor');
  const [bundles, setBundles] = useState<Bundles>([]);
  const [bundle, setBundle] = useState('');
  const timeGuess = dataset.columns.find((c) => c.role === 'time')?.name ?? dataset.columns.find((c) => c.type === 'date' || /month|date|time/i.test(c.name))?.name ?? '';
  const [time, setTime] = useState(timeGuess);
  const [target, setTarget] = useState('');
  const [period, setPeriod] = useState<PeriodKind>('month');
  const [stages, setStages] = useState(stageFlags(dataset).join(', '));
  const [segment, setSegment] = useState(dataset.columns.find((c) => /channel|source|media/i.test(c.name))?.name ?? '');
  const [thresholds, setThresholds] = useState<MonitorThresholds | null>(null);
  const [result, setResult] = useState<MonitorResult | null>(null);
  useEffect(() => {
    void client.call('monitor.bundles', { workspace }).then((b) => { setBundles(b); setBundle((cur) => cur || b[0]?.out || ''); });
    void client.call('monitor.last', { workspace }).then((r) => {
      if (!r || r.source !== dataset.name) return;
      // The form as that run had it, so Monitor again repeats it.
      setResult(r); setBundle(r.bundle); setTime(r.time); setTarget(r.target ?? ''); setPeriod(r.period);
      setStages(r.funnel?.stages.join(', ') ?? ''); setSegment(r.funnel?.segment ?? '');
    });
  }, [client, workspace, dataset.name]);
  const binaries = dataset.columns.filter((c) => c.distinct === 2);
  const run = async () => {
    const funnel = stages.split(/[,\s]+/).filter(Boolean);
    const r = await job.run((jobId) => client.call('monitor.run', { workspace, dataset: dataset.name, bundle: bundle.replace(/[\\/]manifest\.json$/, ''), time, period, lang, jobId, ...(target ? { target } : {}), ...(funnel.length ? { funnel, ...(segment ? { segment } : {}) } : {}) }));
    if (r) setResult(r);
  };
  return (
    <div className="monitoring-view">
      <div className="toolbar wrap">
        {bundles.length > 0 && (
          <label className="field inline"><span>{t('monitor.bundle')}</span>
            <select aria-label={t('monitor.bundle')} value={bundles.some((b) => b.out === bundle) ? bundle : ''} onChange={(e) => setBundle(e.target.value)}>
              {bundles.map((b) => <option key={b.out} value={b.out}>{t('monitor.bundleOption', { name: b.out.split(/[\\/]/).pop() ?? b.out, model: b.model, at: b.at.slice(0, 16).replace('T', ' ') })}</option>)}
              <option value="">{t('monitor.otherBundle')}</option>
            </select>
          </label>
        )}
        {(bundles.length === 0 || !bundles.some((b) => b.out === bundle)) && <div className="monitor-bundle-path"><FilePicker label={t('monitor.bundlePath')} value={bundle} onChange={setBundle} extensions={['.json']} placeholder="/path/to/bundle" /></div>}
        <label className="field inline"><span>{t('monitor.time')}</span>
          <select aria-label={t('monitor.time')} value={time} onChange={(e) => setTime(e.target.value)}><option value="">–</option>{dataset.columns.map((c) => <option key={c.name}>{c.name}</option>)}</select>
        </label>
        <label className="field inline"><span>{t('monitor.period')}</span>
          <select aria-label={t('monitor.periodKind')} value={period} onChange={(e) => setPeriod(e.target.value as PeriodKind)}>{(['month', 'week', 'quarter'] as const).map((p) => <option key={p} value={p}>{t(`period.${p}`)}</option>)}</select>
        </label>
        <label className="field inline"><span>{t('monitor.target')}</span>
          <select aria-label={t('monitor.target')} value={target} onChange={(e) => setTarget(e.target.value)}><option value="">{t('monitor.ownTarget')}</option>{binaries.map((c) => <option key={c.name}>{c.name}</option>)}</select>
        </label>
        <label className="field inline"><span>{t('monitor.funnelStages')}</span><input aria-label={t('monitor.funnelStages')} size={70} value={stages} onChange={(e) => setStages(e.target.value)} placeholder="reached, applied, …" /></label>
        <label className="field inline"><span>{t('monitor.funnelBy')}</span>
          <select aria-label={t('monitor.funnelBy')} value={segment} onChange={(e) => setSegment(e.target.value)}><option value="">{t('funnel.none')}</option>{dataset.columns.filter((c) => c.type === 'categorical' && c.distinct <= 30).map((c) => <option key={c.name}>{c.name}</option>)}</select>
        </label>
        <button className="small primary" disabled={job.running || !bundle || !time} title={!bundle ? t('monitor.needBundle') : !time ? t('monitor.needTime') : ''} onClick={() => void run()}>{t('monitor.run')}</button>
      </div>
      {bundles.length === 0 && !bundle && <p className="muted small">{t('monitor.noBundles')}</p>}
      <ThresholdsForm workspace={workspace} onSaved={setThresholds} />
      <ComparePanel />
      {job.running && <ProgressBar progress={job.progress} onCancel={job.cancel} />}
      <ErrorBanner error={job.error} onClose={() => job.setError(null)} />
      {result && thresholds && (
        <div className="monitor-result" data-testid="monitor-result">
          <p className="small">{t('monitor.head', { rows: result.rows, periods: result.periods.length, from: result.periods[0]?.period ?? '', to: result.periods.at(-1)?.period ?? '', baseline: result.baseline.kind === 'train' ? t('monitor.baselineTrain', { rows: result.baseline.rows }) : result.baseline.source })}</p>
          {result.alerts.length === 0
            ? <p className="light-ok monitor-alerts">{t('monitor.noAlerts')}</p>
            : <ul className="monitor-alerts" aria-label={t('monitor.alerts')}>{result.alerts.map((a, k) => <li key={k} className={`light-${a.light}`}>{a.metric === 'funnel' ? t('monitor.funnelAlert', { period: a.period, segment: a.card === 'all' ? t('monitor.allRows') : `${result.funnel?.segment ?? ''}=${a.card}`, stage: a.subject ?? '', value: pct(a.value), light: t(`monitor.light.${a.light}`) }) : t('monitor.alert', { period: a.period, card: t(`purpose.${a.card}` as 'purpose.credit'), metric: a.metric.toUpperCase(), subject: a.subject ?? '', value: fix(a.value), light: t(`monitor.light.${a.light}`) })}</li>)}</ul>}
          {result.cards.map((_, k) => <CardResult key={k} r={result} card={k} thresholds={result.thresholds} />)}
          {result.funnel && <FunnelResult f={result.funnel} />}
          <details>
            <summary>{t('monitor.inputs')}</summary>
            <div className="table-scroll">
              <table className="compact" aria-label={t('monitor.inputs')}>
                <thead><tr><th>{t('monitor.input')}</th>{result.periods.map((p) => <th key={p.period}>{p.period}</th>)}</tr></thead>
                <tbody>{(result.periods[0]?.inputs ?? []).map((x) => <tr key={x.name}><td>{x.name}</td>{result.periods.map((p) => { const y = p.inputs.find((i) => i.name === x.name)!; return <td key={p.period}>{pct(y.missingRate)} / {pct(y.unseenRate)}</td>; })}</tr>)}</tbody>
              </table>
            </div>
            <p className="muted small">{t('monitor.inputsNote')}</p>
          </details>
          <p className="small">{t('monitor.report')} <code data-testid="monitor-report">{result.report}</code></p>
        </div>
      )}
    </div>
  );
}
