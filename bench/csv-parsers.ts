import fs from 'node:fs';
import Papa from 'papaparse';
import { parse as csvParse } from 'csv-parse/sync';
import { inferSchema, initParser } from 'udsv';
import { createBuilder } from '../data/import/column-builders';
import { CsvSource, detectCsvLayout, sampleCsv } from '../data/import/csv-source';
import { inferColumn } from '../data/import/infer-types';
import { chooseChunkRows } from '../data/import/import-dataset';
import { NO_CONTROLS } from '../types/progress';

export interface ParserResult {
  parser: string;
  seconds: number;
  mbPerSecond: number;
}

/** Our reader without the store: tokenize + parse every value into typed column chunks. */
async function jointscoreParse(file: string): Promise<void> {
  const layout = detectCsvLayout(file);
  const sample = sampleCsv(file, layout, 2000);
  const specs = sample.header.map((name, i) => inferColumn(name, sample.rows.map((r) => r[i] ?? null)));
  const chunkRows = chooseChunkRows(specs.length);
  const builders = specs.map((s) => createBuilder(s, chunkRows));
  await new CsvSource(file, sample.header, layout).readRows(builders, () => {}, NO_CONTROLS, () => {});
}

function time(fn: () => unknown): number {
  const t = performance.now();
  fn();
  return (performance.now() - t) / 1000;
}

/**
 * Parses the same file with each candidate, each producing typed values (numbers as numbers):
 * Jointscore's byte-level reader, PapaParse (dynamicTyping), csv-parse (cast), uDSV (typedCols).
 */
export async function compareParsers(file: string): Promise<ParserResult[]> {
  const mb = fs.statSync(file).size / 1048576;
  const out: ParserResult[] = [];
  const t0 = performance.now();
  await jointscoreParse(file);
  out.push({ parser: 'jointscore (bytes → typed chunks)', seconds: (performance.now() - t0) / 1000, mbPerSecond: 0 });
  const text = fs.readFileSync(file, 'utf8');
  out.push({ parser: 'papaparse 5 (dynamicTyping)', seconds: time(() => Papa.parse(text, { dynamicTyping: true, skipEmptyLines: true })), mbPerSecond: 0 });
  out.push({ parser: 'udsv (typedCols)', seconds: time(() => { const schema = inferSchema(text); initParser(schema).typedCols(text); }), mbPerSecond: 0 });
  out.push({ parser: 'csv-parse 6 (cast)', seconds: time(() => csvParse(text, { cast: true })), mbPerSecond: 0 });
  for (const r of out) r.mbPerSecond = mb / r.seconds;
  return out;
}
