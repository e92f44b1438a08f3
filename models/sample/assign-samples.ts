import { mulberry32 } from '../stats/random';

/** Sample codes per row: train, test, out-of-time; 255 = the row belongs to no sample. */
export const SAMPLES = ['train', 'test', 'oot'] as const;
export type SampleName = (typeof SAMPLES)[number];
export const TRAIN = 0, TEST = 1, OOT = 2, NO_SAMPLE = 255;

const SAMPLE_NAMES: Record<string, number> = { train: TRAIN, training: TRAIN, dev: TRAIN, test: TEST, valid: TEST, validation: TEST, holdout: TEST, oot: OOT, 'out-of-time': OOT };

/** The sample code a column value names (train, test/valid/validation/holdout, oot), case and spaces ignored; undefined for none. */
export function sampleCodeOf(name: string): number | undefined {
  return SAMPLE_NAMES[name.trim().toLowerCase()];
}

export interface AssignOptions {
  /** Rows out of time (code OOT), e.g. exposure month ≥ the cut-off. */
  oot?: Uint8Array | null;
  /** Rows that are the test sample by time (code TEST); else `testShare` of the in-time rows at random. */
  test?: Uint8Array | null;
  testShare?: number;
  seed?: number;
  /** Stratum per row (e.g. target codes, −1 = missing as its own stratum): each keeps its test share exactly. */
  strata?: Int32Array | null;
  /** Rows left out of every sample (e.g. no time value). */
  none?: Uint8Array | null;
}

/**
 * Assigns each row to train, test or out-of-time: out-of-time and time-based test rows as
 * given, the rest split at random with a seed — within each stratum, shuffled (Fisher–Yates on
 * mulberry32) and the first round(share × size) taken as test, so every stratum keeps the
 * share and the same seed always gives the same split.
 */
export function assignSamples(n: number, o: AssignOptions): Uint8Array {
  const codes = new Uint8Array(n);
  const free: number[] = [];
  for (let i = 0; i < n; i++) {
    if (o.none?.[i] === 1) codes[i] = NO_SAMPLE;
    else if (o.oot?.[i] === 1) codes[i] = OOT;
    else if (o.test?.[i] === 1) codes[i] = TEST;
    else { codes[i] = TRAIN; free.push(i); }
  }
  const share = o.test ? 0 : (o.testShare ?? 0);
  if (share <= 0 || free.length === 0) return codes;
  const rand = mulberry32(o.seed ?? 1);
  const groups = new Map<number, number[]>();
  for (const i of free) {
    const k = o.strata ? o.strata[i]! : 0;
    let g = groups.get(k);
    if (!g) { g = []; groups.set(k, g); }
    g.push(i);
  }
  for (const k of [...groups.keys()].sort((a, b) => a - b)) {
    const g = groups.get(k)!;
    for (let i = g.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      const t = g[i]!; g[i] = g[j]!; g[j] = t;
    }
    const take = Math.round(share * g.length);
    for (let t = 0; t < take; t++) codes[g[t]!] = TEST;
  }
  return codes;
}

export interface SampleCount {
  sample: SampleName;
  rows: number;
  /** Events and event rate among rows with a known target (null without a target). */
  events: number | null;
  withTarget: number | null;
  eventRate: number | null;
}

/** Rows, events and event rate per sample (flags: 1 event, 0 non-event, 255 missing). */
export function countSamples(codes: Uint8Array, flags: Uint8Array | null): SampleCount[] {
  return SAMPLES.map((sample, s) => {
    let rows = 0, events = 0, known = 0;
    for (let i = 0; i < codes.length; i++) {
      if (codes[i] !== s) continue;
      rows++;
      if (flags && flags[i] !== 255) { known++; events += flags[i]!; }
    }
    return { sample, rows, events: flags ? events : null, withTarget: flags ? known : null, eventRate: flags && known > 0 ? events / known : null };
  });
}
