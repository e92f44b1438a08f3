import { piiKindOfNumber, piiKindOfText, type PiiKind } from './pii-guard';

/** A column is refused when more than this share of its values look like one kind of personal data. */
export const PII_ROW_SHARE = 0.01;

export interface PiiScanFinding {
  column: string;
  /** The most frequent kind, and every kind seen. */
  kind: PiiKind;
  kinds: PiiKind[];
  /** Rows whose value looks like personal data (any kind), of the rows with a value. */
  count: number;
  present: number;
  share: number;
  /** The first data row (from 1) that holds one. */
  firstRow: number;
}

const KINDS: PiiKind[] = ['phone', 'idcard', 'bankcard', 'email'];

/** A scan's counts of numbers (structured-clonable): values present, and per kind seen its count and first row. */
export interface PiiTally {
  present: number;
  hits: { kind: PiiKind; count: number; firstRow: number }[];
}

/**
 * Counts, over every row of a column, the values that look like personal data, by kind, with the
 * first row of each. Coded columns are tested once per distinct value (each code's count and
 * first row kept as the chunks pass); numeric ones value by value.
 */
export class PiiColumnScan {
  private readonly counts = new Map<PiiKind, number>();
  private readonly first = new Map<PiiKind, number>();
  private present = 0;
  private codeCount = new Uint32Array(0);
  private codeFirst = new Int32Array(0);

  constructor(readonly column: string) {}

  /** A chunk of numbers; `row0` is the data row (from 1) of its first value. */
  numbers(values: Float64Array, n: number, row0: number): void {
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      if (v !== v) continue;
      this.present++;
      if (v < 1e10) continue;
      const kind = piiKindOfNumber(v);
      if (kind) this.hit(kind, 1, row0 + i);
    }
  }

  /** What `numbers` has counted, to add to the scan of the same column on another thread (`addTally`). */
  tally(): PiiTally {
    return { present: this.present, hits: [...this.counts].map(([kind, count]) => ({ kind, count, firstRow: this.first.get(kind)! })) };
  }

  addTally(t: PiiTally): void {
    this.present += t.present;
    for (const h of t.hits) this.hit(h.kind, h.count, h.firstRow);
  }

  /** A chunk of dictionary codes (−1 missing); the values are tested at the end, once each. */
  codes(codes: Int32Array, n: number, row0: number): void {
    for (let i = 0; i < n; i++) {
      const c = codes[i]!;
      if (c < 0) continue;
      this.present++;
      if (c >= this.codeCount.length) this.grow(c + 1);
      if (this.codeCount[c]++ === 0) this.codeFirst[c] = row0 + i;
    }
  }

  private grow(min: number): void {
    const size = Math.max(min, this.codeCount.length * 2, 1024);
    const count = new Uint32Array(size), first = new Int32Array(size);
    count.set(this.codeCount); first.set(this.codeFirst);
    this.codeCount = count; this.codeFirst = first;
  }

  private hit(kind: PiiKind, count: number, row: number): void {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + count);
    const f = this.first.get(kind);
    if (f === undefined || row < f) this.first.set(kind, row);
  }

  /** The column's finding when its personal-looking values pass the threshold, once every chunk has passed. */
  finding(dictionary: readonly string[]): PiiScanFinding | null {
    for (let c = 0; c < Math.min(dictionary.length, this.codeCount.length); c++) {
      if (this.codeCount[c] === 0) continue;
      const kind = piiKindOfText(dictionary[c]!.trim());
      if (kind) this.hit(kind, this.codeCount[c]!, this.codeFirst[c]!);
    }
    // Kinds add up: a column of 0.6 % phones and 0.6 % e-mails is refused too.
    const total = KINDS.reduce((n, k) => n + (this.counts.get(k) ?? 0), 0);
    const share = this.present ? total / this.present : 0;
    if (share <= PII_ROW_SHARE) return null;
    const kind = KINDS.reduce((a, b) => ((this.counts.get(b) ?? 0) > (this.counts.get(a) ?? 0) ? b : a));
    const firstRow = Math.min(...KINDS.flatMap((k) => (this.first.has(k) ? [this.first.get(k)!] : [])));
    return { column: this.column, kind, kinds: KINDS.filter((k) => (this.counts.get(k) ?? 0) > 0), count: total, present: this.present, share, firstRow };
  }
}
