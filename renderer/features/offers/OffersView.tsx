import { useCallback, useEffect, useState } from 'react';
import type { OffersExportResult, UpliftResult, UpliftSummary } from '../../../service/contract';
import type { WireError } from '../../../types/errors';
import type { DatasetDetail } from '../../../types/dataset';
import { UPLIFT_LEARNERS, UPLIFT_METHODS, type UpliftArm, type UpliftLearner, type UpliftMethod } from '../../../types/uplift';
import { usePlot } from '../../charts/use-plot';
import { useClient } from '../../client/context';
import { ErrorBanner, toWire } from '../../components/ErrorBanner';
import { percent } from '../../components/format';
import { ProgressBar } from '../../components/ProgressBar';
import { useJob } from '../../components/useJob';
import { useI18n } from '../../i18n/I18nContext';
import { sampleName } from '../../i18n/names';
import { phraseSaid } from '../../../i18n/phrase-said';

const COLORS = ['#2563eb', '#ef4444', '#10b981', '#f59e0b', '#8b5cf6', '#0ea5e9', '#ec4899', '#84cc16', '#64748b'];
const points = (x: number | null) => (x === null ? '—' : `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}`);

/** Incremental responses by share targeted, per arm, against the random line. */
function QiniChart({ arms }: { arms: UpliftArm[] }) {
  const { t } = useI18n();
  const el = usePlot(() => ({
    data: [
      ...arms.map((a, k) => ({ x: a.curve.map((p) => p.share), y: a.curve.map((p) => p.gain * 100), name: a.key, mode: 'lines', line: { color: COLORS[k % COLORS.length], width: 2 } })),
      ...arms.map((a, k) => ({ x: [0, 1], y: [0, (a.curve.at(-1)?.gain ?? 0) * 100], name: t('offers.random', { arm: a.key }), mode: 'lines', showlegend: k === 0, line: { color: '#94a3b8', dash: 'dot', width: 1 } })),
    ],
    layout: { height: 260, margin: { l: 55, r: 10, t: 28, b: 40 }, legend: { orientation: 'h', y: 1.02, yanchor: 'bottom' }, xaxis: { title: { text: t('offers.targeted') }, tickformat: '.0%' }, yaxis: { title: { text: t('offers.incremental') } } },
  }), [arms, t]);
  return <div ref={el} className="chart" data-testid="chart-qini" />;
}

/** Observed uplift by decile of predicted uplift, beside the mean prediction. */
function DecileChart({ arm }: { arm: UpliftArm }) {
  const { t } = useI18n();
  const x = arm.deciles.map((d) => String(d.decile));
  const el = usePlot(() => ({
    data: [
      { type: 'bar', x, y: arm.deciles.map((d) => d.uplift), name: t('offers.observedUplift'), marker: { color: '#94a3b8' } },
      { x, y: arm.deciles.map((d) => d.predicted), name: t('offers.predictedUplift'), mode: 'lines+markers', line: { color: '#2563eb', width: 2 } },
    ],
    layout: { height: 240, margin: { l: 55, r: 10, t: 28, b: 40 }, legend: { orientation: 'h', y: 1.02, yanchor: 'bottom' }, xaxis: { title: { text: t('offers.decileAxis') } }, yaxis: { title: { text: t('offers.upliftAxis') }, tickformat: '.0%' } },
  }), [arm, t]);
  return <div ref={el} className="chart" data-testid="chart-uplift-deciles" />;
}

/** `coupon=30, price_cut=60` → { coupon: 30, price_cut: 60 } (blank: none). */
function amounts(text: string): Record<string, number> {
  return Object.fromEntries(text.split(/[,;\s]+/).filter(Boolean).map((p) => { const [k, v] = p.split('='); return [k!.trim(), Number(v)]; }));
}

/** Writes the model as offers.json + offers.mjs to a folder the user names. */
function ExportOffers({ workspace, upliftId }: { workspace: string; upliftId: number }) {
  const { t } = useI18n();
  const client = useClient();
  const [out, setOut] = useState('');
  const [done, setDone] = useState<OffersExportResult | null>(null);
  const [error, setError] = useState<WireError | null>(null);
  const run = async () => {
    setError(null);
    try { setDone(await client.call('uplift.export', { workspace, uplift: upliftId, out: out.trim() })); } catch (e) { setError(toWire(e)); }
  };
  return (
    <section className="card" aria-label={t('offers.export')}>
      <h4>{t('offers.export')}</h4>
      <p className="muted small">{t('offers.exportIntro')}</p>
      <div className="row"><input aria-label={t('offers.exportFolder')} placeholder={t('offers.exportFolder')} value={out} onChange={(e) => setOut(e.target.value)} /><button className="small" disabled={!out.trim()} onClick={() => void run()}>{t('offers.exportRun')}</button></div>
      <ErrorBanner error={error} onClose={() => setError(null)} />
      {done && <p className="small" data-testid="offers-exported">{t('offers.exported', { out: done.out, files: done.files.map((f) => f.path).join(', ') })}</p>}
    </section>
  );
}

function UpliftReport({ r, workspace }: { r: UpliftResult; workspace: string }) {
  const { t, tr } = useI18n();
  const [armKey, setArmKey] = useState(r.arms[0]?.key ?? '');
  const arm = r.arms.find((a) => a.key === armKey) ?? r.arms[0]!;
  const armName = (key: string) => (key === 'none' ? t('offers.noOffer') : key);
  return (
    <div className="uplift-report" data-testid="uplift-result">
      <p className="small">{t('offers.summary', { name: r.name, arms: r.arms.length, method: t(`uplift.method.${r.method}`), learner: r.learner === 'gbdt' ? t('train.kind.gbdt') : t('train.kind.scorecard'), sample: sampleName(r.evaluation, t), value: r.valuePerResponse.toFixed(2) })}</p>
      {(r.notes ?? []).map((w) => { const text = phraseSaid(w, tr); return <p key={text} className="warnings small">{text}</p>; })}
      <div className="table-scroll"><table className="compact wrap-head" aria-label={t('offers.arms')}>
        <thead><tr><th>{t('offers.arm')}</th><th>{t('offers.treatedRate')}</th><th>{t('offers.controlRate')}</th><th>{t('offers.uplift')}</th><th>Qini</th><th>{t('offers.topDecile')}</th></tr></thead>
        <tbody>{r.arms.map((a) => <tr key={a.key} className={a.key === arm.key ? 'active' : ''} onClick={() => setArmKey(a.key)}><td>{a.key}</td><td>{percent(a.treatedRate)}</td><td>{percent(a.controlRate)}</td><td>{points(a.treatedRate - a.controlRate)}</td><td>{a.qini.toFixed(5)}</td><td>{points(a.deciles[0]?.uplift ?? null)}</td></tr>)}</tbody>
      </table></div>
      <QiniChart arms={r.arms} />
      <label className="field inline"><span>{t('offers.deciles')}</span>
        <select aria-label={t('offers.deciles')} value={arm.key} onChange={(e) => setArmKey(e.target.value)}>{r.arms.map((a) => <option key={a.key}>{a.key}</option>)}</select>
      </label>
      <DecileChart arm={arm} />
      <h4>{t('offers.tiers')}</h4>
      <p className="muted small">{t('offers.tierRule', { threshold: (r.thresholds.uplift * 100).toFixed(1), rate: percent(r.thresholds.controlRate) })}</p>
      <div className="table-scroll"><table className="compact wrap-head" aria-label={t('offers.tiers')}>
        <thead><tr><th>{t('offers.tier')}</th><th>{t('offers.customers')}</th><th>{t('offers.share')}</th><th>{t('offers.respondAnyway')}</th><th>{t('offers.meanUplift')}</th><th>{t('offers.recommended')}</th></tr></thead>
        <tbody>{r.tiers.map((x) => <tr key={x.tier}><td>{t(`uplift.tier.${x.tier}`)}</td><td>{tr.num(x.customers)}</td><td>{percent(x.share)}</td><td>{percent(x.meanControlRate)}</td><td>{points(x.meanUplift)}</td><td>{x.recommended.slice(0, 2).map((o) => `${armName(o.arm)} ${percent(o.share, 0)}`).join(', ')}</td></tr>)}</tbody>
      </table></div>
      <h4>{t('offers.recommendations')}</h4>
      <div className="table-scroll"><table className="compact" aria-label={t('offers.recommendations')}>
        <thead><tr><th>{t('offers.offer')}</th><th>{t('offers.customers')}</th><th>{t('offers.share')}</th><th>{t('offers.valuePerCustomer')}</th></tr></thead>
        <tbody>{r.recommendations.map((o) => <tr key={o.arm}><td>{armName(o.arm)}</td><td>{tr.num(o.customers)}</td><td>{percent(o.share)}</td><td>{o.incrementalValue.toFixed(2)}</td></tr>)}</tbody>
      </table></div>
      <ExportOffers workspace={workspace} upliftId={r.upliftId} />
    </div>
  );
}

/** Guesses from the data: the response, the offer, its control value, the channel and the value column. */
function defaults(d: DatasetDetail) {
  const find = (re: RegExp, ok: (c: DatasetDetail['columns'][number]) => boolean = () => true) => d.columns.find((c) => re.test(c.name) && ok(c))?.name ?? '';
  return {
    target: find(/^(respon(d|ded|se)|converted|took_up|target)$/i) || (d.columns.find((c) => c.role === 'target')?.name ?? ''),
    treatment: find(/^(offer|treatment|arm)$/i) || (d.columns.find((c) => c.role === 'treatment')?.name ?? ''),
    value: find(/^value$/i, (c) => c.type === 'numeric'),
  };
}

/**
 * The Offers tab: uplift models of a randomized campaign — which customers respond because of an
 * offer, by how much per arm (Qini, uplift by decile), their tiers and the offer worth most to each.
 */
export function OffersView({ workspace, dataset }: { workspace: string; dataset: DatasetDetail }) {
  const { t } = useI18n();
  const client = useClient();
  const job = useJob('ui-uplift');
  const guess = defaults(dataset);
  const [target, setTarget] = useState(guess.target);
  const [treatment, setTreatment] = useState(guess.treatment);
  const [control, setControl] = useState('none');
  const [channel, setChannel] = useState('');
  const [method, setMethod] = useState<UpliftMethod>('two-model');
  const [learner, setLearner] = useState<UpliftLearner>('gbdt');
  const [features, setFeatures] = useState('');
  const [value, setValue] = useState(guess.value);
  const [offerCost, setOfferCost] = useState('');
  const [contactCost, setContactCost] = useState('');
  const [list, setList] = useState<UpliftSummary[]>([]);
  const [result, setResult] = useState<UpliftResult | null>(null);
  const load = useCallback(() => client.call('uplift.list', { workspace, dataset: dataset.name }).then(setList, (e: unknown) => job.setError(toWire(e))), [client, workspace, dataset.name]);
  useEffect(() => { void load(); }, [load]);
  const open = async (id: number) => { try { setResult(await client.call('uplift.get', { workspace, uplift: id })); } catch (e) { job.setError(toWire(e)); } };
  const run = async () => {
    const r = await job.run((jobId) => client.call('uplift.run', {
      workspace, dataset: dataset.name, target, treatment, jobId, method, learner, ...(control ? { control } : {}), ...(channel ? { channel } : {}),
      ...(features.trim() ? { features: features.split(/[,\s]+/).filter(Boolean) } : {}), ...(value ? { value } : {}),
      ...(offerCost.trim() ? { offerCost: amounts(offerCost) } : {}), ...(contactCost.trim() ? { contactCost: amounts(contactCost) } : {}),
    }));
    if (r) { setResult(r); void load(); }
  };
  const columns = dataset.columns.map((c) => c.name);
  return (
    <div className="offers-view split">
      <aside className="models-side">
        <section className="card" aria-label={t('offers.title')}>
          <h3>{t('offers.title')}</h3>
          <p className="muted small">{t('offers.intro')}</p>
          <div className="form-grid">
            <label className="field"><span>{t('offers.response')}</span><select aria-label={t('offers.response')} value={target} onChange={(e) => setTarget(e.target.value)}><option value="" />{columns.map((c) => <option key={c}>{c}</option>)}</select></label>
            <label className="field"><span>{t('offers.treatment')}</span><select aria-label={t('offers.treatment')} value={treatment} onChange={(e) => setTreatment(e.target.value)}><option value="" />{columns.map((c) => <option key={c}>{c}</option>)}</select></label>
            <label className="field"><span>{t('offers.control')}</span><input aria-label={t('offers.control')} value={control} onChange={(e) => setControl(e.target.value)} /></label>
            <label className="field"><span>{t('offers.channel')}</span><select aria-label={t('offers.channel')} value={channel} onChange={(e) => setChannel(e.target.value)}><option value="">{t('offers.noChannel')}</option>{columns.map((c) => <option key={c}>{c}</option>)}</select></label>
            <label className="field"><span>{t('offers.method')}</span><select aria-label={t('offers.method')} value={method} onChange={(e) => setMethod(e.target.value as UpliftMethod)}>{UPLIFT_METHODS.map((m) => <option key={m} value={m}>{t(`uplift.method.${m}`)}</option>)}</select></label>
            <label className="field"><span>{t('offers.learner')}</span><select aria-label={t('offers.learner')} value={learner} onChange={(e) => setLearner(e.target.value as UpliftLearner)}>{UPLIFT_LEARNERS.map((m) => <option key={m} value={m}>{m === 'gbdt' ? t('train.kind.gbdt') : t('train.kind.scorecard')}</option>)}</select></label>
            <label className="field wide"><span>{t('offers.features')}</span><input aria-label={t('offers.features')} placeholder="a, b, c" value={features} onChange={(e) => setFeatures(e.target.value)} /></label>
            <label className="field"><span>{t('offers.value')}</span><select aria-label={t('offers.value')} value={value} onChange={(e) => setValue(e.target.value)}><option value="">{t('offers.valueOne')}</option>{dataset.columns.filter((c) => c.type === 'numeric').map((c) => <option key={c.name}>{c.name}</option>)}</select></label>
            <label className="field wide"><span>{t('offers.offerCost')}</span><input aria-label={t('offers.offerCost')} placeholder="coupon=30, price_cut=60" value={offerCost} onChange={(e) => setOfferCost(e.target.value)} /></label>
            <label className="field wide"><span>{t('offers.contactCost')}</span><input aria-label={t('offers.contactCost')} placeholder="app=0.1, call=2" value={contactCost} onChange={(e) => setContactCost(e.target.value)} /></label>
          </div>
          <button className="primary small" disabled={job.running || !target || !treatment} onClick={() => void run()}>{t('offers.run')}</button>
        </section>
        <section className="card" aria-label={t('offers.models')}>
          <h3>{t('offers.models')}</h3>
          {list.length === 0 ? <p className="muted small">{t('offers.none')}</p> : (
            <div className="table-scroll"><table className="compact selectable">
              <thead><tr><th>{t('models.id')}</th><th className="left">{t('offers.name')}</th><th>{t('offers.armsCount')}</th></tr></thead>
              <tbody>{list.map((u) => <tr key={u.upliftId} className={result?.upliftId === u.upliftId ? 'active' : ''} onClick={() => void open(u.upliftId)}><td>{u.upliftId}</td><td className="left" title={u.name}>{u.name}</td><td>{u.arms}</td></tr>)}</tbody>
            </table></div>
          )}
        </section>
      </aside>
      <section className="models-main">
        <ErrorBanner error={job.error} onClose={() => job.setError(null)} />
        {job.running && <ProgressBar progress={job.progress} onCancel={job.cancel} />}
        {result ? <UpliftReport key={result.upliftId} r={result} workspace={workspace} /> : <div className="empty-state muted">{t('offers.empty')}</div>}
      </section>
    </div>
  );
}
