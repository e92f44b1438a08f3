import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PseudonymizeResult, PsiStepResult } from '../service/contract';
import { mulberry32 } from '../models/stats/random';
import { jointscore } from './cli';

const IDS = Number(process.env.BENCH_PSI_IDS ?? 1_000_000);

export interface PsiBench {
  ids: number;
  overlap: number;
  steps: { party: 'A' | 'B'; step: string; seconds: number; idsPerSecond: number; peakMb: number | null }[];
  matches: number;
  hmac: { party: 'A' | 'B'; seconds: number; idsPerSecond: number }[];
}

/** Two files of IDS distinct phones each, half of them shared, seeded. */
function partyFiles(dir: string): { a: string; b: string; shared: number } {
  const rand = mulberry32(19);
  const phone = (k: number) => `1${3 + (k % 7)}${String(k).padStart(9, '0')}`;
  const shared = Math.floor(IDS / 2);
  const a = ['phone,label'], b = ['phone,score'];
  for (let i = 0; i < IDS; i++) a.push(`${phone(i * 2 + 1)},${rand() < 0.1 ? 1 : 0}`);
  // B holds every other id of A's first 2·shared (so `shared` in common) plus ids A never has.
  for (let i = 0; i < IDS; i++) b.push(`${phone(i < shared ? i * 2 + 1 : (IDS + i) * 2 + 1)},${Math.floor(rand() * 100)}`);
  const fa = path.join(dir, 'a.csv'), fb = path.join(dir, 'b.csv');
  fs.writeFileSync(fa, `${a.join('\n')}\n`);
  fs.writeFileSync(fb, `${b.join('\n')}\n`);
  return { a: fa, b: fb, shared };
}

/** `npm run bench -- psi`: IDS × IDS ids, half shared, both parties' steps through the CLI as they run them; the HMAC path on the same files in the same run. */
export async function benchPsi(): Promise<PsiBench> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jointscore-bench-psi-'));
  try {
    const { a, b, shared } = partyFiles(dir);
    const steps: PsiBench['steps'] = [];
    const run = async (party: 'A' | 'B', step: string, args: string[]) => {
      const r = await jointscore(['psi', step, ...args, '--json']);
      const v = JSON.parse(r.stdout) as PsiStepResult;
      steps.push({ party, step, seconds: v.seconds, idsPerSecond: v.idsPerSecond, peakMb: r.peakMb });
      return v;
    };
    const p = (f: string) => path.join(dir, f);
    await run('A', 'start', ['--input', a, '--key', 'phone', '--key-kind', 'phone', '--out', p('request.psi'), '--secret-out', p('a.key')]);
    await run('B', 'respond', ['--request', p('request.psi'), '--input', b, '--key', 'phone', '--key-kind', 'phone', '--out', p('response.psi'), '--secret-out', p('b.key')]);
    const finish = await run('A', 'finish', ['--request-state', p('a.key'), '--response', p('response.psi'), '--out', p('matches.csv'), '--reveal-to-partner', p('reveal.psi')]);
    await run('A', 'apply', ['--state', p('a.key'), '--matches', p('matches.csv'), '--input', a, '--out', p('a.matched.csv')]);
    await run('B', 'apply', ['--state', p('b.key'), '--reveal', p('reveal.psi'), '--input', b, '--out', p('b.matched.csv')]);
    if (finish.matches !== shared) throw new Error(`PSI found ${finish.matches} shared ids; the files share ${shared}`);
    const secret = p('secret');
    fs.writeFileSync(secret, 'bench-secret-2026-psi-hmac-path', { mode: 0o600 });
    const hmac: PsiBench['hmac'] = [];
    for (const [party, file] of [['A', a], ['B', b]] as const) {
      const r = JSON.parse((await jointscore(['pseudonymize', file, '--key', 'phone', '--key-kind', 'phone', '--hash', 'hmac-sha256', '--secret-file', secret, '--out', p(`${party}.h.csv`), '--json'])).stdout) as PseudonymizeResult;
      hmac.push({ party, seconds: r.seconds, idsPerSecond: r.idsPerSecond });
    }
    return { ids: IDS, overlap: shared, steps, matches: finish.matches ?? 0, hmac };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
