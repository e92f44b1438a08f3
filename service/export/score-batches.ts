import { ByteDictionary } from '../../data/import/byte-dictionary';
import { fieldText, type CsvRecordSink } from '../../data/import/csv-tokenizer';
import { numberParse, parseNumberBytes, PARSE_INVALID } from '../../data/import/parse-value';
import { csvField } from '../../data/pseudonymize/csv-writer';
import type { BundleInput } from '../../types/bundle';
import { AppError } from '../../types/errors';

/** Rows scored at once: typed columns of this many rows per input. */
const BATCH = 65536;

/** The columnar half of a scorer.mjs (bundles whose cards are all scorecards). */
export interface ColumnarScorer {
  scoreColumns: (cols: Record<string, Float64Array | { codes: Int32Array; dictionary: string[] }>, n: number) => {
    scores: Record<string, Float64Array>;
    reasons: Int32Array;
    attributes: Int32Array;
    bid: Uint8Array | null;
    coefficient: Float64Array | null;
  };
  reasonTable: { count: number; codes: string[]; names: string[]; labels: string[][] };
}

/** What the batch writer needs from the scoring run. */
export interface BatchScoring {
  file: string;
  inputs: readonly BundleInput[];
  /** Data rows before the first this sink sees (a second thread's part of the file), for row numbers in errors. */
  rowOffset: number;
  /** Per input, its field in the file's records. */
  positions: readonly number[];
  idAt: number;
  expectedFields: number;
  /** The cards' keys in output order, the primary card's key, and whether the output is a partner's partial card. */
  cards: readonly string[];
  primary: string;
  partial: boolean;
  scorer: ColumnarScorer;
  write: (text: string) => void;
  onRow: (row: { id: string; score: number; reasons: string; bid: boolean | null }) => void;
}

/**
 * A record sink that reads the inputs of each row into typed columns — numbers parsed from the
 * bytes, categories through a byte dictionary, as the import reads them — and scores and writes
 * them a batch at a time through the bundle's own `scoreColumns`: the same output as scoring row
 * by row, without an object or a string per value. `finish()` scores the last batch.
 */
export function batchScoringSink(s: BatchScoring): { sink: CsvRecordSink; finish: () => void; rows: () => number; invalid: number[] } {
  const numeric = s.inputs.map((inp) => inp.type === 'numeric');
  const values = s.inputs.map((_, j) => (numeric[j] ? new Float64Array(BATCH) : null));
  const codes = s.inputs.map((_, j) => (numeric[j] ? null : new Int32Array(BATCH)));
  const dictionaries = s.inputs.map((_, j) => (numeric[j] ? null : new ByteDictionary()));
  const ids = new Array<string>(BATCH);
  const invalid = new Array<number>(s.inputs.length).fill(0);
  const reasonText = reasonTexts(s.scorer.reasonTable);
  let pos = 0, rows = s.rowOffset;
  // Scores are mostly whole points in a narrow range: each one's text is made once.
  const texts = new Map<number, string>();
  const scoreText = (v: number) => { let t = texts.get(v); if (t === undefined) { t = String(v); if (texts.size < 100_000) texts.set(v, t); } return t; };
  const scoreBatch = () => {
    if (pos === 0) return;
    const cols: Parameters<ColumnarScorer['scoreColumns']>[0] = {};
    s.inputs.forEach((inp, j) => { cols[inp.name] = numeric[j] ? values[j]!.subarray(0, pos) : { codes: codes[j]!.subarray(0, pos), dictionary: dictionaries[j]!.values }; });
    const r = s.scorer.scoreColumns(cols, pos);
    const cardScores = s.cards.map((key) => r.scores[key]!);
    const primary = r.scores[s.primary]!;
    const R = s.scorer.reasonTable.count;
    let out = '';
    for (let i = 0; i < pos; i++) {
      let line = csvField(ids[i]!);
      for (const sc of cardScores) line += `,${scoreText(sc[i]!)}`;
      const text = reasonText(r.reasons, r.attributes, i * R, R);
      line += s.partial ? `,${text.first}` : `,${text.codes},${text.csv}`;
      if (r.bid) line += `,${r.bid[i]},${r.coefficient![i]}`;
      out += `${line}\n`;
      s.onRow({ id: ids[i]!, score: primary[i]!, reasons: s.partial ? '' : text.plain, bid: r.bid ? r.bid[i] === 1 : null });
    }
    s.write(out);
    pos = 0;
  };
  const sink: CsvRecordSink = {
    record(buf, starts, ends, escaped, count, line) {
      rows++;
      if (count !== s.expectedFields) {
        throw new AppError('RAGGED_ROW', `${s.file}, line ${line} (data row ${rows}): expected ${s.expectedFields} fields as in the header, found ${count}.`, { file: s.file, row: rows, line, expected: `${s.expectedFields} fields`, got: `${count} fields` });
      }
      for (let j = 0; j < numeric.length; j++) {
        const k = s.positions[j]!;
        if (numeric[j]) {
          values[j]![pos] = parseNumberBytes(buf, starts[k]!, ends[k]!);
          if (numberParse.status === PARSE_INVALID) invalid[j]!++;
        } else {
          const a = starts[k]!, b = ends[k]!;
          codes[j]![pos] = a === b ? -1 : escaped[k] === 1 ? dictionaries[j]!.codeOfText(fieldText(buf, a, b, true)) : dictionaries[j]!.code(buf, a, b);
        }
      }
      ids[pos] = fieldText(buf, starts[s.idAt]!, ends[s.idAt]!, escaped[s.idAt] === 1);
      if (++pos === BATCH) scoreBatch();
    },
  };
  return { sink, finish: scoreBatch, rows: () => rows - s.rowOffset, invalid };
}

/**
 * The reason columns of a row from its (characteristic, attribute) pairs: the codes, the named
 * reasons for people and as a CSV field, the first code. Rows share few combinations, so each
 * combination's text is built once.
 */
function reasonTexts(table: ColumnarScorer['reasonTable']): (reasons: Int32Array, attributes: Int32Array, at: number, n: number) => { codes: string; plain: string; csv: string; first: string } {
  const cache = new Map<number | string, { codes: string; plain: string; csv: string; first: string }>();
  // A combination as one number (each pair a digit in base `base`) while that stays exact, else as text.
  const perCharacteristic = Math.max(1, ...table.labels.map((l) => l.length)) + 1;
  const base = table.names.length * perCharacteristic + 1;
  const numericKey = base ** table.count < Number.MAX_SAFE_INTEGER;
  return (reasons, attributes, at, n) => {
    let key: number | string;
    if (numericKey) { let k = 0; for (let r = 0; r < n && reasons[at + r]! >= 0; r++) k = k * base + reasons[at + r]! * perCharacteristic + attributes[at + r]! + 2; key = k; }
    else { let k = ''; for (let r = 0; r < n && reasons[at + r]! >= 0; r++) k += `${reasons[at + r]}.${attributes[at + r]},`; key = k; }
    let hit = cache.get(key);
    if (hit) return hit;
    const codes: string[] = [], named: string[] = [];
    for (let r = 0; r < n && reasons[at + r]! >= 0; r++) {
      const k = reasons[at + r]!, a = attributes[at + r]!;
      codes.push(table.codes[k]!);
      named.push(`${table.codes[k]} ${table.names[k]}: ${a < 0 ? 'other value' : table.labels[k]![a]}`);
    }
    const plain = named.join('; ');
    hit = { codes: codes.join(' '), plain, csv: csvField(plain), first: codes[0] ?? '' };
    cache.set(key, hit);
    return hit;
  };
}
