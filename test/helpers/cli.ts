import { spawn } from 'node:child_process';
import path from 'node:path';
import { REPO } from './temp';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built `jointscore` CLI as a user would (node bin/jointscore.cjs …). */
export function runCli(args: string[], settingsDir: string, env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO, 'bin', 'jointscore.cjs'), ...args], {
      env: { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: 'en_US.UTF-8', JOINTSCORE_SETTINGS_DIR: settingsDir, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

export function json<T>(run: CliRun): T {
  if (run.code !== 0) throw new Error(`CLI failed (${run.code}): ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}
