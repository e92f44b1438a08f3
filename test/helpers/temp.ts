import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';

/** A temporary folder removed when the test file ends. */
export function tempDir(prefix = 'jointscore-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export const SHARED_DATA = path.resolve(__dirname, '..', '..', '..', 'shared', 'data');
export const REPO = path.resolve(__dirname, '..', '..');
export const FIXTURES = path.join(REPO, 'test', 'fixtures');

export function write(dir: string, name: string, content: string | Buffer, mode?: number): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content, mode === undefined ? undefined : { mode });
  return p;
}
