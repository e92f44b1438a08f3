import { ByteDictionary } from '../../data/import/byte-dictionary';
import { fieldStops, plainNumber, plainNumberField } from '../../data/import/csv-source';
import { fieldText, type CsvRecordSink } from '../../data/import/csv-tokenizer';
import { numberParse, parseNumberBytes, PARSE_INVALID } from '../../data/import/parse-value';
import { PlainBlocks } from '../../data/import/plain-blocks';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
import { csvField } from '../../data/pseudonymize/csv-writer';
import type { BundleInput } from '../../types/bundle';
import { AppError } from '../../types/errors';
import { ByteRun, NUMBER_BYTES, ReasonPieces, writeNumberBytes, writeReasonBytes } from './score-line-bytes';
import { withRoom } from '../../data/compute/with-room';

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
  /** Output as text (any encoding), or — when set, for UTF-8 output — as bytes, without a string per row. */
  write: (text: string) => void;
  writeBytes?: (bytes: Uint8Array) => void;
  /** The first rows (up to `previewRows`), as written. */
  previewRows: number;
  onRow: (row: { id: string; score: number; reasons: string; bid: boolean | null }) => void;
}

/**
 * A record sink that reads the inputs of each row into typed columns — numbers parsed from the
 * bytes, categories through a byte dictionary, as the import reads them — and scores and writes
 * them a batch at a time through the bundle's own `scoreColumns`: the same output as scoring row
 * by row, without an object or a string per value. `finish()` scores the last batch.
 */
export function batchScoringSink(s: BatchScoring): { sink: CsvRecordSink; finish: () => void; rows: () => number; bids: () => number; invalid: number[] } {
  const numeric = s.inputs.map((inp) => inp.type === 'numeric');
  const values = s.inputs.map((_, j) => (numeric[j] ? new Float64Array(BATCH) : null));
  const codes = s.inputs.map((_, j) => (numeric[j] ? null : new Int32Array(BATCH)));
  const dictionaries = s.inputs.map((_, j) => (numeric[j] ? null : new ByteDictionary()));
  const ids = new Array<string>(BATCH);
  // For byte output: each row's id as it is written (its bytes, or its quoted text's), end to end.
  const idBytes = new ByteRun();
  const idEnds = new Int32Array(BATCH);
  let bids = 0;
  const invalid = new Array<number>(s.inputs.length).fill(0);
  const reasonText = reasonTexts(s.scorer.reasonTable);
  const pieces = new ReasonPieces(s.scorer.reasonTable);
  // The most bytes of a row's line but its id: a number per card, the reason columns, the bid, commas and the line break.
  const rowBytes = s.cards.length * (NUMBER_BYTES + 1) + pieces.maxRowBytes + NUMBER_BYTES + 8;
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
    const preview = Math.max(0, Math.min(pos, s.previewRows - (rows - pos - s.rowOffset)));
    for (let i = 0; i < pos; i++) if (r.bid?.[i] === 1) bids++;
    for (let i = 0; i < preview; i++) {
      const text = reasonText(r.reasons, r.attributes, i * R, R);
      s.onRow({ id: ids[i]!, score: primary[i]!, reasons: s.partial ? '' : text.plain, bid: r.bid ? r.bid[i] === 1 : null });
    }
    if (s.writeBytes) {
      let to: Uint8Array = new Uint8Array(Math.max(1 << 16, idBytes.length + pos * 96)), o = 0;
      const ib = idBytes.bytes, cards = cardScores.length;
      for (let i = 0, idAt = 0; i < pos; i++) {
        const idEnd = idEnds[i]!;
        if (o + idEnd - idAt + rowBytes > to.length) to = withRoom(to, o, idEnd - idAt + rowBytes);
        for (let q = idAt; q < idEnd; q++) to[o++] = ib[q]!;
        idAt = idEnd;
        for (let c = 0; c < cards; c++) { to[o++] = 44; o = writeNumberBytes(to, o, cardScores[c]![i]!, scoreBytes); }
        const end = writeReasonBytes(pieces, s.partial, to, o, r.reasons, r.attributes, i * R, R);
        if (end >= 0) o = end;
        else {
          // A row without reasons, or whose first code a spreadsheet would read as a formula: as csvField writes it.
          const text = reasonText(r.reasons, r.attributes, i * R, R);
          const parts = s.partial ? [text.firstBytes] : [text.codesBytes, text.csvBytes];
          for (const part of parts) {
            if (o + part.length + rowBytes > to.length) to = withRoom(to, o, part.length + rowBytes);
            to[o++] = 44;
            to.set(part, o); o += part.length;
          }
        }
        if (r.bid) { to[o++] = 44; to[o++] = 48 + r.bid[i]!; to[o++] = 44; o = writeNumberBytes(to, o, r.coefficient![i]!, scoreBytes); }
        to[o++] = 10;
      }
      s.writeBytes(to.subarray(0, o));
      idBytes.length = 0;
    } else {
      let out = '';
      for (let i = 0; i < pos; i++) {
        let line = csvField(ids[i]!);
        for (const sc of cardScores) line += `,${scoreText(sc[i]!)}`;
        const text = reasonText(r.reasons, r.attributes, i * R, R);
        line += s.partial ? `,${text.first}` : `,${text.codes},${text.csv}`;
        if (r.bid) line += `,${r.bid[i]},${r.coefficient![i]}`;
        out += `${line}\n`;
      }
      s.write(out);
    }
    pos = 0;
  };
  // A number's text as UTF-8 bytes, made once per value.
  const byteTexts = new Map<number, Uint8Array>();
  const scoreBytes = (v: number) => { let b = byteTexts.get(v); if (b === undefined) { b = Buffer.from(String(v), 'latin1'); if (byteTexts.size < 100_000) byteTexts.set(v, b); } return b; };
  const takeId = (buf: Uint8Array, a: number, b: number, quoted: boolean) => {
    if (!s.writeBytes || rows - s.rowOffset <= s.previewRows) ids[pos] = fieldText(buf, a, b, quoted);
    if (s.writeBytes) {
      // An id a spreadsheet reads as it is is copied byte for byte; any other is written as csvField writes it.
      if (quoted || !plainField(buf, a, b)) idBytes.copyAll(Buffer.from(csvField(fieldText(buf, a, b, quoted)), 'utf8'));
      else idBytes.copy(buf, a, b);
      idEnds[pos] = idBytes.length;
    }
  };
  // What each field of a record is, for plain records: 0 unused, 1 a number input, 2 a category input, 3 the id.
  const fieldRole = new Uint8Array(s.expectedFields);
  const fieldInput = new Int32Array(s.expectedFields);
  s.positions.forEach((k, j) => { fieldRole[k] = numeric[j] ? 1 : 2; fieldInput[k] = j; });
  const idIsInput = fieldRole[s.idAt] !== 0;
  fieldRole[s.idAt] = 3;
  let stops: Uint8Array | null = null;
  // Plain records a block at a time: numbers and categories the inputs need, the id and every unused field as text.
  const blocks = idIsInput ? null : PlainBlocks.create(Uint8Array.from(fieldRole, (role) => (role === 1 ? 0 : role === 2 ? 1 : 2)));
  const sink: CsvRecordSink = {
    plainRecords(buf, start, len, delimiter, _line, at) {
      if (blocks === null) return 0;
      let n = blocks.read(buf, start, len, delimiter, BATCH - pos);
      // A value that does not parse is counted by record(): the block stops before its row.
      if (n > 0 && blocks.exceptionCount > 0) n = blocks.settle(n);
      if (n === 0) return 0;
      for (let k = 0; k < s.expectedFields; k++) {
        const role = fieldRole[k]!, j = fieldInput[k]!;
        if (role === 1) blocks.copyNumbers(k, n, values[j]!, pos);
        else if (role === 2) blocks.copyCodes(k, n, codes[j]!, pos, dictionaries[j]!);
      }
      for (let r = 0; r < n; r++) {
        rows++;
        takeId(blocks.bytes, blocks.textStart(s.idAt, r), blocks.textEnd(s.idAt, r), false);
        if (++pos === BATCH) scoreBatch();
      }
      at.end = start + blocks.recordStart(n);
      return n;
    },
    plainRecord(buf, start, len, delimiter) {
      if (idIsInput) return -1;
      if (stops === null) stops = fieldStops(delimiter);
      const last = s.expectedFields - 1;
      let p = start, idA = 0, idB = 0;
      if (p < len && (buf[p] === LF || buf[p] === CR)) return -1; // a blank line
      for (let k = 0; k <= last; k++) {
        const a = p;
        if (p < len && buf[p] === QUOTE) return -1;
        const role = fieldRole[k]!;
        if (role === 1) {
          const v = plainNumberField(buf, a, len, stops);
          if (!plainNumber.ok) return -1; // an invalid value is counted by record()
          values[fieldInput[k]!]![pos] = v;
          p = plainNumber.end;
        } else {
          while (p < len && stops[buf[p]!] === 0) p++;
          if (p >= len) return -1;
          if (role === 2) codes[fieldInput[k]!]![pos] = a === p ? -1 : dictionaries[fieldInput[k]!]!.code(buf, a, p);
        }
        const c = buf[p];
        if (k < last) {
          if (c !== delimiter) return -1;
        } else if (!(c === LF || (c === CR && p + 1 < len && buf[p + 1] === LF))) return -1;
        if (role === 3) { idA = a; idB = p; }
        p += c === CR ? 2 : 1;
      }
      rows++;
      takeId(buf, idA, idB, false);
      if (++pos === BATCH) scoreBatch();
      return p;
    },
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
      takeId(buf, starts[s.idAt]!, ends[s.idAt]!, escaped[s.idAt] === 1);
      if (++pos === BATCH) scoreBatch();
    },
  };
  return { sink, finish: scoreBatch, rows: () => rows - s.rowOffset, bids: () => bids, invalid };
}

/** Whether csvField leaves a field's bytes as they are: it starts with a letter or digit and holds no delimiter, quote or line break. */
function plainField(buf: Uint8Array, a: number, b: number): boolean {
  if (a === b) return true;
  const c = buf[a]!;
  if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122))) return false;
  for (let i = a + 1; i < b; i++) { const d = buf[i]!; if (d === 44 || d === 34 || d === 10 || d === 13) return false; }
  return true;
}

/**
 * The reason columns of a row from its (characteristic, attribute) pairs: the codes, the named
 * reasons for people and as a CSV field, the first code. Rows share few combinations, so each
 * combination's text is built once.
 */
interface ReasonText { codes: string; plain: string; csv: string; first: string; codesBytes: Uint8Array; csvBytes: Uint8Array; firstBytes: Uint8Array }

function reasonTexts(table: ColumnarScorer['reasonTable']): (reasons: Int32Array, attributes: Int32Array, at: number, n: number) => ReasonText {
  const make = (reasons: Int32Array, attributes: Int32Array, at: number, n: number): ReasonText => {
    const codes: string[] = [], named: string[] = [];
    for (let r = 0; r < n && reasons[at + r]! >= 0; r++) {
      const k = reasons[at + r]!, a = attributes[at + r]!;
      codes.push(table.codes[k]!);
      named.push(`${table.codes[k]} ${table.names[k]}: ${a < 0 ? 'other value' : table.labels[k]![a]}`);
    }
    const plain = named.join('; ');
    const text = { codes: codes.join(' '), plain, csv: csvField(plain), first: codes[0] ?? '' };
    return { ...text, codesBytes: Buffer.from(text.codes, 'utf8'), csvBytes: Buffer.from(text.csv, 'utf8'), firstBytes: Buffer.from(text.first, 'utf8') };
  };
  // A combination as one small number (each pair a digit in base `base`) while that stays a
  // small integer — a Map keyed by one type stays fast — else as text.
  const perCharacteristic = Math.max(1, ...table.labels.map((l) => l.length)) + 1;
  const base = table.names.length * perCharacteristic + 1;
  if (base ** table.count < 2 ** 30) {
    const cache = new Map<number, ReasonText>();
    return (reasons, attributes, at, n) => {
      let key = 0;
      for (let r = 0; r < n && reasons[at + r]! >= 0; r++) key = key * base + reasons[at + r]! * perCharacteristic + attributes[at + r]! + 2;
      let hit = cache.get(key);
      if (!hit) { hit = make(reasons, attributes, at, n); cache.set(key, hit); }
      return hit;
    };
  }
  const cache = new Map<string, ReasonText>();
  return (reasons, attributes, at, n) => {
    let key = '';
    for (let r = 0; r < n && reasons[at + r]! >= 0; r++) key += `${reasons[at + r]}.${attributes[at + r]},`;
    let hit = cache.get(key);
    if (!hit) { hit = make(reasons, attributes, at, n); cache.set(key, hit); }
    return hit;
  };
}
