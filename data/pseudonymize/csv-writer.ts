import { createHash } from 'node:crypto';
import fs from 'node:fs';

/** Quotes a field when it holds the delimiter, a quote or a line break (RFC 4180). */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * A buffered CSV writer into a temporary file beside the target, renamed into place by
 * `commit()`; `abort()` removes it. A failed run never leaves a half-written file behind.
 */
export class AtomicCsvWriter {
  private readonly tmp: string;
  private fd: number;
  private parts: string[] = [];
  private size = 0;
  private readonly hash = createHash('sha256');
  /** sha256 of the file, set by `commit()`. */
  sha256 = '';

  constructor(private readonly target: string) {
    this.tmp = `${target}.partial-${process.pid}`;
    this.fd = fs.openSync(this.tmp, 'w');
  }

  row(fields: readonly string[]): void {
    const line = `${fields.map(csvField).join(',')}\n`;
    this.parts.push(line);
    this.size += line.length;
    if (this.size > 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.parts.length) {
      const bytes = Buffer.from(this.parts.join(''), 'utf8');
      this.hash.update(bytes);
      fs.writeSync(this.fd, bytes);
    }
    this.parts = [];
    this.size = 0;
  }

  commit(): void {
    this.flush();
    this.sha256 = this.hash.digest('hex');
    fs.closeSync(this.fd);
    fs.renameSync(this.tmp, this.target);
  }

  abort(): void {
    try { fs.closeSync(this.fd); } catch { /* already closed */ }
    fs.rmSync(this.tmp, { force: true });
  }
}
