import { useState } from 'react';
import type { KeyKind, PsiStepResult } from '../../../service/contract';
import { useClient } from '../../client/context';
import { ErrorBanner, toWire } from '../../components/ErrorBanner';
import { ProgressBar } from '../../components/ProgressBar';
import { useEscape } from '../../components/useEscape';
import { useJob } from '../../components/useJob';
import { useI18n } from '../../i18n/I18nContext';
import { FilePicker } from '../files/FilePicker';

type Step = 'start' | 'respond' | 'finish' | 'apply';
const STEPS: Step[] = ['start', 'respond', 'finish', 'apply'];
/** The step the same party takes next (A: start → finish → apply; B: respond → apply). */
const NEXT: Partial<Record<Step, Step>> = { start: 'finish', respond: 'apply', finish: 'apply' };
const KINDS: KeyKind[] = ['phone', 'idcard', 'device', 'imei', 'idfa', 'oaid', 'caid', 'email', 'text'];

/** The folder of a path (either separator), for the default names of a step's files. */
const folderOf = (p: string) => p.replace(/[\\/][^\\/]*$/, '');
const sep = (p: string) => (p.includes('\\') && !p.includes('/') ? '\\' : '/');
const beside = (p: string, name: string) => (p.trim() ? `${folderOf(p.trim())}${sep(p)}${name}` : '');

/**
 * "Match ids privately": the private set intersection by exchanged files, one step at a time for
 * either party — start (A), respond (B), finish (A), apply (both) — each naming the file to send
 * to the other party and what that file lets them learn. Raw ids never leave this machine.
 */
export function PsiDialog({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const client = useClient();
  const [step, setStep] = useState<Step>('start');
  const [input, setInput] = useState('');
  const [header, setHeader] = useState<string[] | null>(null);
  const [key, setKey] = useState('');
  const [kind, setKind] = useState<KeyKind>('phone');
  const [request, setRequest] = useState('');
  const [response, setResponse] = useState('');
  const [state, setState] = useState('');
  const [received, setReceived] = useState('');
  const [out, setOut] = useState('');
  const [reveal, setReveal] = useState(true);
  const [result, setResult] = useState<PsiStepResult | null>(null);
  const { progress, running, error, setError, run: runJob, cancel } = useJob('ui-psi');
  useEscape(onClose, !running);

  const choose = (s: Step) => { setStep(s); setResult(null); setOut(''); setError(null); };
  const readColumns = async () => {
    setError(null);
    try {
      const p = await client.call('import.preview', { file: input.trim() });
      setHeader(p.header);
      const pii = p.pii[0];
      setKey(pii?.column ?? p.header[0] ?? '');
      if (pii?.kind === 'phone' || pii?.kind === 'idcard' || pii?.kind === 'email') setKind(pii.kind);
    } catch (e) { setError(toWire(e)); }
  };
  const defaultOut = step === 'start' ? beside(input, 'request.psi') : step === 'respond' ? beside(input, 'response.psi') : step === 'finish' ? beside(state, 'matches.csv') : input.trim().replace(/(\.[^./\\]+)?$/, '.matched.csv');
  const target = out.trim() || defaultOut;
  const needsColumns = step === 'start' || step === 'respond';
  const ready = !!target && (
    step === 'start' ? !!input.trim() && !!key
      : step === 'respond' ? !!request.trim() && !!input.trim() && !!key
        : step === 'finish' ? !!state.trim() && !!response.trim()
          : !!state.trim() && !!received.trim() && !!input.trim());

  const run = async () => {
    setResult(null);
    const r = await runJob((jobId) => {
      if (step === 'start') return client.call('psi.start', { input: input.trim(), key, keyKind: kind, out: target, jobId });
      if (step === 'respond') return client.call('psi.respond', { request: request.trim(), input: input.trim(), key, keyKind: kind, out: target, jobId });
      if (step === 'finish') return client.call('psi.finish', { state: state.trim(), response: response.trim(), out: target, ...(reveal ? { revealOut: beside(state, 'reveal.psi') } : {}), jobId });
      const file = received.trim();
      return client.call('psi.apply', { state: state.trim(), input: input.trim(), out: target, ...(file.endsWith('.csv') ? { matches: file } : { reveal: file }), jobId });
    });
    if (r) setResult(r);
  };
  /** On to this party's next step, its secret (and, after finishing, the matches) already filled in. */
  const next = () => {
    if (!result) return;
    const secret = result.written.find((f) => f.endsWith('.key'));
    if (secret) setState(secret);
    if (result.step === 'finish') { setReceived(result.written[0] ?? ''); setInput(''); }
    choose(NEXT[result.step as Step]!);
  };

  return (
    <div className="modal-backdrop">
      <div className="modal wide" role="dialog" aria-label={t('psi.title')}>
        <header><h2>{t('psi.title')}</h2><button className="ghost" onClick={onClose} disabled={running} aria-label={t('ws.close')}>✕</button></header>
        <div className="modal-body">
          <p className="muted small">{t('psi.lead')}</p>
          <div className="row wrap" role="radiogroup" aria-label={t('psi.stepGroup')}>
            {STEPS.map((s, k) => (
              <label key={s} className={`step-choice${s === step ? ' selected' : ''}`}>
                <input type="radio" name="psi-step" checked={s === step} disabled={running} onChange={() => choose(s)} />
                <span><strong>{k + 1}. {t(`psi.step.${s}`)}</strong><br /><span className="muted small">{t(`psi.who.${s}`)}</span></span>
              </label>
            ))}
          </div>
          <p className="small">{t(`psi.does.${step}`)}</p>
          {step === 'respond' && <FilePicker label={t('psi.request')} value={request} onChange={setRequest} extensions={['.psi']} placeholder="/path/to/request.psi" />}
          {(step === 'finish' || step === 'apply') && <FilePicker label={t('psi.state')} value={state} onChange={setState} extensions={['.key']} placeholder="/path/to/request.psi.key" />}
          {step === 'finish' && <FilePicker label={t('psi.response')} value={response} onChange={setResponse} extensions={['.psi']} placeholder="/path/to/response.psi" />}
          {step === 'apply' && <FilePicker label={t('psi.received')} value={received} onChange={setReceived} extensions={['.csv', '.psi']} placeholder="/path/to/matches.csv | reveal.psi" />}
          {step !== 'finish' && (
            <div className="row bottom">
              <div style={{ flex: 1 }}><FilePicker label={t('psi.input')} value={input} onChange={(v) => { setInput(v); setHeader(null); }} extensions={['.csv', '.tsv', '.txt']} placeholder="/path/to/ids.csv" /></div>
              {needsColumns && <button onClick={() => void readColumns()} disabled={!input.trim() || running}>{t('psi.readColumns')}</button>}
            </div>
          )}
          {needsColumns && header && (
            <div className="row options">
              <label className="field inline"><span>{t('psi.idColumn')}</span>
                <select aria-label={t('psi.idColumn')} value={key} onChange={(e) => setKey(e.target.value)}>{header.map((h) => <option key={h} value={h}>{h}</option>)}</select>
              </label>
              <label className="field inline"><span>{t('psi.kind')}</span>
                <select aria-label={t('psi.kind')} value={kind} onChange={(e) => setKind(e.target.value as KeyKind)}>{KINDS.map((k) => <option key={k} value={k}>{t(`pseudo.kind.${k}`)}</option>)}</select>
              </label>
            </div>
          )}
          {step === 'finish' && <label className="field inline"><input type="checkbox" checked={reveal} onChange={(e) => setReveal(e.target.checked)} /><span>{t('psi.revealToPartner', { file: 'reveal.psi' })}</span></label>}
          <label className="field"><span>{t('psi.out')}</span><input aria-label={t('psi.out')} value={out} placeholder={defaultOut} onChange={(e) => setOut(e.target.value)} /></label>
          <p className="notice small" role="note">{t(`psi.reveals.${step}`)}</p>
          <ErrorBanner error={error} onClose={() => setError(null)} />
          {result && (
            <div className="notice stack" role="status">
              <p>{t(`psi.done.${result.step}`, { ids: result.ids, rows: result.rows, invalid: result.invalid, duplicates: result.duplicates, matches: result.matches ?? 0, partner: result.partnerIds ?? 0, out: result.written.find((f) => !f.endsWith('.key')) ?? '', column: 'psi_token' })}</p>
              {result.send && <p><strong>{t('psi.sendFile', { file: result.send })}</strong></p>}
              {result.written.filter((f) => f.endsWith('.key')).map((f) => <p key={f} className="muted small">{t('psi.keepSecret', { file: f })}</p>)}
            </div>
          )}
          {running && <ProgressBar progress={progress} onCancel={cancel} />}
        </div>
        <footer>
          <button onClick={onClose} disabled={running}>{result ? t('psi.close') : t('pseudo.cancel')}</button>
          {!result && <button className="primary" disabled={!ready || running} onClick={() => void run()}>{t(`psi.run.${step}`)}</button>}
          {result && NEXT[step] && <button className="primary" onClick={next}>{t('psi.nextStep', { step: t(`psi.step.${NEXT[step]!}`) })}</button>}
        </footer>
      </div>
    </div>
  );
}
