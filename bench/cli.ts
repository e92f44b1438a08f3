import { spawn } from 'node:child_process';
import path from 'node:path';
import { peakRssMb } from './reference';

/** Runs the built `jointscore` CLI from the repository root; resolves with its stdout and peak memory (MB, Linux). */
export function jointscore(args: string[]): Promise<{ stdout: string; peakMb: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(process.cwd(), 'bin', 'jointscore.cjs'), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    let peak: number | null = null;
    const poll = setInterval(() => { const p = peakRssMb(child.pid!); if (p !== null) peak = Math.max(peak ?? 0, p); }, 50);
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.on('close', (code) => {
      clearInterval(poll);
      if (code === 0) resolve({ stdout, peakMb: peak }); else reject(new Error(`jointscore ${args.join(' ')} exited ${code}`));
    });
  });
}
