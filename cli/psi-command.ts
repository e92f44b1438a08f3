import type { KeyKind, PsiStepResult } from '../service/contract';
import type { Translator } from '../i18n/translate';
import { checkKnown, one, required, UsageError } from './args';
import type { Shell } from './shell';

const opt = <K extends string>(key: K, v: string | undefined) => (v !== undefined ? { [key]: v } as Record<K, string> : {});

/** What each step's result says, and what the file to send lets the other party learn. */
function psiText(r: PsiStepResult, tr: Translator): string {
  const state = r.written.find((f) => f.endsWith('.key')) ?? '';
  const lines: string[] = [];
  if (r.step === 'start') lines.push(tr.t('cli.psi.started', { ids: r.ids, rows: r.rows, invalid: r.invalid, duplicates: r.duplicates, out: r.send ?? '', state }), tr.t('cli.psi.sendRequest', { file: r.send ?? '' }));
  if (r.step === 'respond') lines.push(tr.t('cli.psi.responded', { partner: r.partnerIds ?? 0, ids: r.ids, rows: r.rows, invalid: r.invalid, duplicates: r.duplicates, out: r.send ?? '', state }), tr.t('cli.psi.sendResponse', { file: r.send ?? '' }));
  if (r.step === 'finish') {
    lines.push(tr.t('cli.psi.finished', { matches: r.matches ?? 0, ids: r.ids, partner: r.partnerIds ?? 0, out: r.written[0] ?? '' }));
    if (r.send) lines.push(tr.t('cli.psi.sendReveal', { file: r.send }));
  }
  if (r.step === 'apply') lines.push(tr.t('cli.psi.applied', { matches: r.matches ?? 0, rows: r.rows, out: r.written[0] ?? '' }));
  lines.push(tr.t('cli.psi.speed', { seconds: r.seconds.toFixed(1), speed: Math.round(r.idsPerSecond) }));
  return lines.join('\n');
}

/** `jointscore psi start|respond|finish|apply`: private set intersection by exchanged files. */
export async function psiCommand(sh: Shell): Promise<void> {
  const { service, args, print, withJob, tr } = sh;
  const sub = args.positionals[1];
  let r: PsiStepResult;
  if (sub === 'start') {
    checkKnown(args, ['input', 'key', 'key-kind', 'out', 'secret-out']);
    r = await withJob((jobId) => service.call('psi.start', { input: required(args, 'input'), key: required(args, 'key'), keyKind: required(args, 'key-kind') as KeyKind, out: required(args, 'out'), ...opt('secretOut', one(args, 'secret-out')), jobId }));
  } else if (sub === 'respond') {
    checkKnown(args, ['request', 'input', 'key', 'key-kind', 'out', 'secret-out']);
    r = await withJob((jobId) => service.call('psi.respond', { request: required(args, 'request'), input: required(args, 'input'), key: required(args, 'key'), keyKind: required(args, 'key-kind') as KeyKind, out: required(args, 'out'), ...opt('secretOut', one(args, 'secret-out')), jobId }));
  } else if (sub === 'finish') {
    checkKnown(args, ['request-state', 'response', 'out', 'reveal-to-partner']);
    r = await withJob((jobId) => service.call('psi.finish', { state: required(args, 'request-state'), response: required(args, 'response'), out: required(args, 'out'), ...opt('revealOut', one(args, 'reveal-to-partner')), jobId }));
  } else if (sub === 'apply') {
    checkKnown(args, ['state', 'matches', 'reveal', 'input', 'out', 'token-column', 'all-rows']);
    r = await withJob((jobId) => service.call('psi.apply', { state: required(args, 'state'), input: required(args, 'input'), out: required(args, 'out'), ...opt('matches', one(args, 'matches')), ...opt('reveal', one(args, 'reveal')), ...opt('tokenColumn', one(args, 'token-column')), ...(args.booleans.has('all-rows') ? { allRows: true } : {}), jobId }));
  } else {
    throw new UsageError('psi needs a step: start, respond, finish or apply');
  }
  print(r, () => psiText(r, tr));
}
