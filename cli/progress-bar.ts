import type { Progress } from '../types/progress';

/** A one-line progress bar on stderr, redrawn at most every 100 ms; silent when stderr is not a TTY. */
export class ProgressBar {
  private last = 0;
  private drawn = false;
  constructor(private readonly stream: NodeJS.WriteStream = process.stderr, private readonly enabled = process.stderr.isTTY === true) {}

  update(p: Progress): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 100 && p.done < p.total) return;
    this.last = now;
    const width = 24;
    const frac = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
    const filled = Math.round(frac * width);
    const bar = p.total > 0 ? `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${(frac * 100).toFixed(0).padStart(3)}%` : '[working…]';
    const line = `${p.phase.padEnd(8)} ${bar} ${p.message}`.slice(0, (this.stream.columns ?? 100) - 1);
    this.stream.write(`\r\x1b[2K${line}`);
    this.drawn = true;
  }

  clear(): void {
    if (this.enabled && this.drawn) this.stream.write('\r\x1b[2K');
    this.drawn = false;
  }
}
