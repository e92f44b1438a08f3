import path from 'node:path';
import { spawnWithPeak } from './reference';

/** Runs the built `jointscore` CLI from the repository root; resolves with its stdout and peak memory (MB, Linux). */
export async function jointscore(args: string[]): Promise<{ stdout: string; peakMb: number | null }> {
  const { code, stdout, peakMb } = await spawnWithPeak(process.execPath, [path.join(process.cwd(), 'bin', 'jointscore.cjs'), ...args]);
  if (code !== 0) throw new Error(`jointscore ${args.join(' ')} exited ${code}`);
  return { stdout, peakMb };
}
