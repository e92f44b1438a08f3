/**
 * Structured JSON logs, one object per line: lifecycle events always; answered requests one in
 * every 1/sample (counted, not random: steady and cheap); refused requests at most one per reason
 * per second, with how many were not logged since.
 */
export class RequestLog {
  private every: number;
  private seen = 0;
  private readonly lastRefusal = new Map<string, { at: number; suppressed: number }>();

  constructor(private readonly write: (line: string) => void, sample: number) {
    this.every = sample > 0 ? Math.max(1, Math.round(1 / sample)) : 0;
  }

  event(event: string, fields: Record<string, unknown> = {}): void {
    this.write(JSON.stringify({ ts: new Date().toISOString(), level: fields.error ? 'error' : 'info', event, ...fields }));
  }

  /** Call per answered request; `fields` is built only when this one is logged. */
  request(fields: () => Record<string, unknown>): void {
    if (this.every === 0 || ++this.seen % this.every !== 0) return;
    this.write(JSON.stringify({ ts: new Date().toISOString(), level: 'info', event: 'request', sampleOneIn: this.every, ...fields() }));
  }

  refusal(reason: string, fields: Record<string, unknown>): void {
    const now = Date.now();
    const last = this.lastRefusal.get(reason);
    if (last && now - last.at < 1000) { last.suppressed++; return; }
    this.lastRefusal.set(reason, { at: now, suppressed: 0 });
    this.write(JSON.stringify({ ts: new Date(now).toISOString(), level: 'warn', event: 'refused', reason, ...(last?.suppressed ? { notLoggedSinceLast: last.suppressed } : {}), ...fields }));
  }
}
