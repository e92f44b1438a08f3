import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** A fresh admin token (256 bits, hex), written to `file` readable by its owner only (replacing an older one). */
export function writeAdminToken(file: string): string {
  const token = randomBytes(32).toString('hex');
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.partial-${process.pid}`;
  fs.writeFileSync(tmp, `${token}\n`, { mode: 0o600 });
  fs.renameSync(tmp, file);
  return token;
}

/** Whether an Authorization header carries the token (`Bearer <token>`), compared in constant time. */
export function carriesToken(authorization: string | undefined, token: string): boolean {
  const m = /^Bearer\s+([0-9a-f]+)\s*$/i.exec(authorization ?? '');
  if (!m) return false;
  const given = Buffer.from(m[1]!.toLowerCase()), want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}
