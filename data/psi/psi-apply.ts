import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { AppError } from '../../types/errors';
import type { JobControls } from '../../types/progress';
import { detectCsvLayout, sampleCsv, scan } from '../import/csv-source';
import { fieldText } from '../import/csv-tokenizer';
import { AtomicCsvWriter, writeAllOrNothing } from '../pseudonymize/csv-writer';
import { readPsiFile } from './psi-file';
import { readPsiState, type PsiState } from './psi-state';
import type { PsiApplyRequest, PsiStepResult } from './psi-steps';

/** A's tokens by data row, from the matches file `finish` wrote. */
function tokensFromMatches(file: string): Map<number, string> {
  if (!fs.existsSync(file)) throw new AppError('FILE_NOT_FOUND', `${file} does not exist.`, { file });
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0);
  if (lines[0] !== 'row,psi_token') throw new AppError('INVALID_ARGUMENT', `${file} is not a PSI matches file.`, { file, line: 1, expected: 'row,psi_token', got: lines[0] ?? '' });
  const out = new Map<number, string>();
  lines.slice(1).forEach((l, k) => {
    const [row, token] = l.split(',');
    if (!/^\d+$/.test(row ?? '') || !/^[0-9a-f]{32}$/.test(token ?? '')) throw new AppError('INVALID_ARGUMENT', `${file}, line ${k + 2}: not a row and a token.`, { file, line: k + 2, expected: 'ROW,32 hex digits', got: l });
    out.set(Number(row), token!);
  });
  return out;
}

/** B's tokens by data row, from the reveal file A sent: each record names a position of B's response and its token. */
function tokensFromReveal(file: string, state: PsiState): Map<number, string> {
  const { header, body } = readPsiFile(file, 'reveal');
  if (header.session !== state.session) throw new AppError('INVALID_ARGUMENT', `${file} belongs to another session (${header.session}) than this state's (${state.session}).`, { file, expected: state.session, got: header.session });
  if (header.answers !== state.sent) throw new AppError('INVALID_ARGUMENT', `${file} answers another response than the one this state wrote.`, { file, expected: state.sent ?? '', got: header.answers ?? '' });
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const out = new Map<number, string>();
  for (let k = 0; k < (header.counts.matches ?? 0); k++) {
    const j = view.getUint32(k * 20, true);
    if (j >= state.rows.length) throw new AppError('INVALID_ARGUMENT', `${file} names element ${j}; the response held ${state.rows.length}.`, { file, expected: `below ${state.rows.length}`, got: String(j) });
    out.set(state.rows[j]!, Buffer.from(body.subarray(k * 20 + 4, k * 20 + 20)).toString('hex'));
  }
  return out;
}

/**
 * Either party's last step: the matched rows of its input, the id column replaced by the join
 * token — what it brings into the joint workspace (`allRows`: every row, unmatched ones with an
 * empty token, for a left join that keeps the party's whole population). The input must be the file the party hashed
 * (its sha256 is checked); rows that did not match, and the raw ids, stay behind.
 */
export async function psiApply(req: PsiApplyRequest, controls: JobControls): Promise<PsiStepResult> {
  const t0 = performance.now();
  if (!req.matches === !req.reveal) throw new AppError('INVALID_ARGUMENT', 'Apply takes either the matches file (party A) or the reveal file (party B).', { option: 'matches', expected: 'one of matches or reveal' });
  if (fs.existsSync(req.out)) throw new AppError('ALREADY_EXISTS', `${req.out} already exists; a PSI step never overwrites.`, { file: req.out, expected: 'a new file' });
  const state = readPsiState(req.state, req.matches ? 'A' : 'B');
  const tokens = req.matches ? tokensFromMatches(req.matches) : tokensFromReveal(req.reveal!, state);
  const layout = detectCsvLayout(req.input);
  const { header } = sampleCsv(req.input, layout, 1);
  const col = header.indexOf(state.key);
  if (col < 0) throw new AppError('NOT_FOUND', `${req.input} has no column '${state.key}', the key this party hashed.`, { file: req.input, column: state.key });
  const tokenColumn = req.tokenColumn ?? 'psi_token';
  const writer = new AtomicCsvWriter(req.out);
  const hash = createHash('sha256');
  let row = -1, written = 0;
  await writeAllOrNothing([writer], () => {
    writer.row(header.map((h, k) => (k === col ? tokenColumn : h)));
    scan(req.input, layout, {
      record(buf, starts, ends, escaped, count) {
        row += 1;
        if (row === 0) return;
        const token = tokens.get(row) ?? (req.allRows ? '' : undefined);
        if (token === undefined) return;
        const fields: string[] = [];
        for (let k = 0; k < count; k++) fields.push(k === col ? token : fieldText(buf, starts[k]!, ends[k]!, escaped[k] === 1));
        writer.row(fields);
        if (token) written += 1;
      },
    }, controls, () => false, (b) => hash.update(b));
    const sha = hash.digest('hex');
    if (sha !== state.inputSha256) throw new AppError('HASH_MISMATCH', `${req.input} is not the file this party hashed (its sha256 changed).`, { file: req.input, expected: state.inputSha256, got: sha });
  });
  const seconds = (performance.now() - t0) / 1000;
  return { step: 'apply', written: [req.out], send: null, session: state.session, rows: Math.max(0, row), ids: state.rows.length, invalid: 0, duplicates: 0, matches: written, partnerIds: null, seconds, idsPerSecond: Math.max(0, row) / Math.max(1e-9, seconds) };
}
