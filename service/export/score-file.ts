import fs from 'node:fs';
import path from 'node:path';
import { detectCsvLayout, scan } from '../../data/import/csv-source';
import { fieldText, type CsvRecordSink } from '../../data/import/csv-tokenizer';
import { checkHeader, emptyFile } from '../../data/import/header';
import { isMissingText, numberParse, parseNumberBytes, PARSE_INVALID } from '../../data/import/parse-value';
import { AppError } from '../../types/errors';
import type { JobControls } from '../../types/progress';
import { inputPositions, loadBundleScorer } from '../../data/bundle/read-bundle';
import { csvField } from '../../data/pseudonymize/csv-writer';
import { EncodedText, outputEncoding, type OutputEncoding } from '../../data/export/output-encoding';

export interface ScoreFileRequest {
  bundle: string;
  input: string;
  out: string;
  /** The column copied to the output to identify each row (default: the input's first column). */
  id?: string;
  /** The scored file's encoding: UTF-8 with BOM (default, for Excel), UTF-8, or GBK. */
  encoding?: OutputEncoding;
}

export interface ScoreFileResult {
  out: string;
  rows: number;
  seconds: number;
  /** Per numeric input, values that were not numbers (scored as missing). */
  invalidValues: Record<string, number>;
  bids: number | null;
  /** The first rows as written: id, primary score, named reasons and the bid (null without a strategy). */
  preview: { id: string; score: number; reasons: string; bid: boolean | null }[];
}

const PREVIEW_ROWS = 8;

/**
 * Scores every row of a CSV with a bundle's scorer.mjs (verified first): writes the id column,
 * every card's score, the primary card's reason codes and, with a strategy, the bid decision and
 * coefficient. Numeric inputs read as the import reads them (pandas' NA tokens are missing; text
 * that is not a number is counted and scored as missing). The output appears only when complete.
 */
export async function scoreFile(req: ScoreFileRequest, controls: JobControls): Promise<ScoreFileResult> {
  const started = performance.now();
  const encoding = outputEncoding(req.encoding);
  const { manifest, scorer } = await loadBundleScorer(req.bundle);
  if (!fs.existsSync(req.input)) throw new AppError('FILE_NOT_FOUND', `${req.input} does not exist.`, { file: req.input });
  if (fs.existsSync(req.out)) throw new AppError('ALREADY_EXISTS', `${req.out} already exists; scoring never overwrites.`, { file: req.out, expected: 'a new file' });
  const layout = detectCsvLayout(req.input);
  const inputs = manifest.inputs;
  const cards = scorer.meta.cards.map((c) => c.key);
  // A partner's part of a split scorecard ships partial points and its top reason code per id: never a bin, which would describe its features.
  const partial = scorer.meta.cards.some((c) => c.column !== undefined && c.column !== `score_${c.key}`);
  const tmp = `${req.out}.partial-${process.pid}`;
  const fd = fs.openSync(tmp, 'w');
  let outBuf = '';
  const text = new EncodedText(encoding);
  const flush = (force: boolean) => { if (force || outBuf.length > 1 << 20) { fs.writeSync(fd, text.encode(outBuf)); outBuf = ''; } };
  let header: string[] | null = null;
  let positions: number[] = [];
  let idAt = 0;
  let rows = 0, bids = 0;
  const preview: ScoreFileResult['preview'] = [];
  const invalid = new Array<number>(inputs.length).fill(0);
  const record: Record<string, unknown> = {};
  const sink: CsvRecordSink = {
    record(buf, starts, ends, escaped, count, line) {
      if (!header) {
        const raw: string[] = [];
        for (let i = 0; i < count; i++) raw.push(fieldText(buf, starts[i]!, ends[i]!, escaped[i] === 1));
        header = checkHeader(raw, req.input);
        const h = header;
        positions = inputPositions(h, inputs, req.input);
        idAt = req.id ? h.indexOf(req.id) : 0;
        if (idAt < 0) throw new AppError('INVALID_ARGUMENT', `${req.input} has no id column '${req.id}'.`, { file: req.input, column: req.id, expected: h.join(', ') });
        outBuf += [csvField(h[idAt]!), ...scorer.meta.cards.map((c) => c.column ?? `score_${c.key}`), ...(partial ? ['top_reason_code'] : ['reason_codes', 'reasons']), ...(scorer.meta.strategy ? ['bid', 'bid_coefficient'] : [])].join(',') + '\n';
        return;
      }
      rows++;
      if (count !== header.length) {
        throw new AppError('RAGGED_ROW', `${req.input}, line ${line} (data row ${rows}): expected ${header.length} fields as in the header, found ${count}.`, { file: req.input, row: rows, line, expected: `${header.length} fields`, got: `${count} fields` });
      }
      for (let j = 0; j < inputs.length; j++) {
        const k = positions[j]!;
        if (inputs[j]!.type === 'numeric') {
          const v = parseNumberBytes(buf, starts[k]!, ends[k]!);
          if (numberParse.status === PARSE_INVALID) invalid[j]!++;
          record[inputs[j]!.name] = v;
        } else {
          const s = fieldText(buf, starts[k]!, ends[k]!, escaped[k] === 1);
          record[inputs[j]!.name] = isMissingText(s) ? null : s;
        }
      }
      const r = scorer.score(record);
      const idText = fieldText(buf, starts[idAt]!, ends[idAt]!, escaped[idAt] === 1);
      let line2 = csvField(idText);
      for (const key of cards) line2 += `,${r.scores[key]}`;
      const reasons = partial ? '' : r.reasons.map((x) => `${x.code} ${x.characteristic}: ${x.attribute}`).join('; ');
      line2 += partial ? `,${r.reasonCodes[0] ?? ''}` : `,${r.reasonCodes.join(' ')},${csvField(reasons)}`;
      if (preview.length < PREVIEW_ROWS) preview.push({ id: idText, score: r.score, reasons, bid: r.decision ? r.decision.bid : null });
      if (r.decision) { line2 += `,${r.decision.bid ? 1 : 0},${r.decision.coefficient}`; if (r.decision.bid) bids++; }
      outBuf += `${line2}\n`;
      flush(false);
    },
  };
  try {
    scan(req.input, layout, sink, controls, () => false, () => {});
    if (!header) throw emptyFile(req.input);
    flush(true);
    fs.closeSync(fd);
    fs.renameSync(tmp, req.out);
  } catch (e) {
    try { fs.closeSync(fd); } catch { /* already closed */ }
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  return {
    out: path.resolve(req.out), rows, seconds: (performance.now() - started) / 1000,
    invalidValues: Object.fromEntries(inputs.flatMap((inp, j) => (inp.type === 'numeric' ? [[inp.name, invalid[j]!]] : []))),
    bids: scorer.meta.strategy ? bids : null,
    preview,
  };
}
