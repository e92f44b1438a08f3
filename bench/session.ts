import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { jointscore } from './cli';
import { pandasPython } from './reference';

const ROWS = Number(process.env.BENCH_SESSION_ROWS ?? 1_000_000);

export interface SessionStep {
  step: string;
  /** Wall time of the command as a user runs it (process start included). */
  seconds: number;
  /** The command's own figure from its `--json` (`seconds`), when it gives one. */
  inJob: number | null;
  peakMb: number | null;
  /** The same step in pandas, in the same run, when there is one. */
  reference: { what: string; seconds: number } | null;
}

export interface SessionBench {
  rows: number;
  steps: SessionStep[];
}

/** pandas timings of the session's files: read_csv of each hashed file, and the left merge on the key. */
function pandasSession(py: string, dir: string): { lender: number; partner: number; merge: number } | null {
  const code = `
import time, pandas as pd
t = time.perf_counter(); l = pd.read_csv(${JSON.stringify(path.join(dir, 'lender.h.csv'))}); a = time.perf_counter() - t
t = time.perf_counter(); r = pd.read_csv(${JSON.stringify(path.join(dir, 'partner.h.csv'))}); b = time.perf_counter() - t
t = time.perf_counter(); m = l.merge(r, on='phone_hmac_sha256', how='left'); c = time.perf_counter() - t
print(a, b, c)`;
  const r = spawnSync(py, ['-c', code], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) return null;
  const [lender, partner, merge] = r.stdout.trim().split(/\s+/).map(Number);
  return { lender: lender!, partner: partner!, merge: merge! };
}

/**
 * `npm run bench -- session`: the README's joint session, command by command through the CLI, at
 * 1 M rows (BENCH_SESSION_ROWS): generate → pseudonymize → import → join → profile → split → bin
 * → select → train → scorecard → export → score, each step's wall time, and pandas on the steps
 * it does (reading the files, the left merge) in the same run.
 */
export async function benchSession(): Promise<SessionBench> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jointscore-bench-session-'));
  const d = (f: string) => path.join(dir, f);
  const ws = d('session.jsw');
  const steps: SessionStep[] = [];
  const run = async (step: string, args: string[]) => {
    const t = performance.now();
    const r = await jointscore(args);
    const seconds = (performance.now() - t) / 1000;
    let inJob: number | null = null;
    try { const j = JSON.parse(r.stdout) as { seconds?: unknown }; if (typeof j.seconds === 'number') inJob = j.seconds; } catch { /* not JSON */ }
    steps.push({ step, seconds, inJob, peakMb: r.peakMb, reference: null });
    process.stderr.write(`${step}: ${seconds.toFixed(2)} s\n`);
  };
  try {
    await run('demo generate', ['demo', 'generate', '--rows', String(ROWS), '--seed', '1', '--out', dir, '--json']);
    await run('secret generate', ['secret', 'generate', d('secret.txt')]);
    await run('pseudonymize lender', ['pseudonymize', d('lender.csv'), '--key', 'phone', '--key-kind', 'phone', '--secret-file', d('secret.txt'), '--out', d('lender.h.csv'), '--json']);
    await run('pseudonymize partner', ['pseudonymize', d('partner.csv'), '--key', 'phone', '--key-kind', 'phone', '--secret-file', d('secret.txt'), '--drop', 'device_id', '--out', d('partner.h.csv'), '--json']);
    await run('workspace create', ['workspace', 'create', ws, '--json']);
    await run('import lender', ['import', d('lender.h.csv'), '--workspace', ws, '--name', 'lender', '--json']);
    await run('import partner', ['import', d('partner.h.csv'), '--workspace', ws, '--name', 'partner', '--party', 'partner', '--json']);
    await run('join', ['join', '--workspace', ws, '--left', 'lender', '--right', 'partner', '--on', 'phone_hmac_sha256', '--how', 'left', '--name', 'joint', '--json']);
    await run('profile', ['profile', '--workspace', ws, '--dataset', 'joint', '--target', 'bad', '--json']);
    await run('split', ['split', '--workspace', ws, '--dataset', 'joint', '--time', 'exposure_month', '--oot-from', '2025-10', '--target', 'bad', '--json']);
    await run('bin', ['bin', '--workspace', ws, '--dataset', 'joint', '--target', 'bad', '--json']);
    await run('select', ['select', '--workspace', ws, '--dataset', 'joint', '--target', 'bad', '--population', 'drew_down=1', '--json']);
    await run('train scorecard-lr', ['train', '--workspace', ws, '--dataset', 'joint', '--target', 'bad', '--population', 'drew_down=1', '--model', 'scorecard-lr', '--name', 'credit', '--json']);
    await run('scorecard', ['scorecard', '--workspace', ws, '--model', 'credit', '--json']);
    await run('export', ['export', '--workspace', ws, '--model', 'credit', '--out', d('bundle'), '--json']);
    await run('score', ['score', '--bundle', d('bundle'), '--input', d('partner.h.csv'), '--out', d('scores.csv'), '--json']);
    const py = pandasPython();
    const ref = py ? pandasSession(py, dir) : null;
    if (ref) {
      steps.find((s) => s.step === 'import lender')!.reference = { what: 'pandas.read_csv', seconds: ref.lender };
      steps.find((s) => s.step === 'import partner')!.reference = { what: 'pandas.read_csv', seconds: ref.partner };
      steps.find((s) => s.step === 'join')!.reference = { what: "DataFrame.merge(how='left') of the two frames in memory", seconds: ref.merge };
    }
    return { rows: ROWS, steps };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
