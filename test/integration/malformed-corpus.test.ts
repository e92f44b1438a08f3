import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { WireError } from '../../types/errors';
import { json, runCli } from '../helpers/cli';
import { FIXTURES, tempDir } from '../helpers/temp';

const CORPUS = path.join(FIXTURES, 'malformed');

/** Every file of the corpus and what importing it must do: the error with where it is, or the rows it holds. */
const OUTCOMES: [file: string, outcome: { code: string; row?: number; line?: number; column?: string; message?: RegExp } | { rows: number; columns: string[]; warning?: RegExp }][] = [
  ['empty.csv', { code: 'EMPTY_FILE' }],
  ['header-only.csv', { code: 'HEADER_ONLY' }],
  ['ragged-short.csv', { code: 'RAGGED_ROW', row: 2, line: 3, column: 'bad' }],
  ['ragged-long.csv', { code: 'RAGGED_ROW', row: 2, line: 3 }],
  ['unterminated-quote.csv', { code: 'UNTERMINATED_QUOTE', line: 3 }],
  ['duplicate-columns.csv', { code: 'DUPLICATE_COLUMN', column: 'amount' }],
  ['binary-garbage.csv', { code: 'INVALID_ENCODING' }],
  ['gbk-line-in-utf8.csv', { code: 'INVALID_ENCODING', line: 22, message: /not valid UTF-8/ }],
  ['huge-number.csv', { code: 'TYPE_MISMATCH', row: 3001, line: 3002, column: 'amount' }],
  ['phones-late.csv', { code: 'PII_REFUSED', row: 2501, column: 'ref', message: /50 of 3,000 values \(1\.7%\) look like mobile numbers/ }],
  ['idcard-15-numeric.csv', { code: 'PII_REFUSED', row: 1, column: 'cert', message: /ID-card numbers/ }],
  ['merged-title.xlsx', { code: 'RAGGED_ROW', row: 1, column: 'column 2', message: /looks like a title/ }],
  ['zip-bomb.xlsx', { code: 'UNSUPPORTED_FORMAT', message: /a zip bomb/ }],
  ['utf16le-no-bom.csv', { rows: 3, columns: ['城市', 'amount', 'bad'] }],
  ['utf16be-bom.csv', { rows: 2, columns: ['city', 'amount', 'bad'] }],
  ['crlf-quoted-newlines.csv', { rows: 2, columns: ['id', 'note', 'bad'] }],
  ['formatted-numbers.csv', { rows: 30, columns: ['id', 'amount', 'rate', 'bad'], warning: /'amount' holds numbers written with thousands separators/ }],
  // Named .xlsx but plain text: read for what it is.
  ['not-a-zip.xlsx', { rows: 1, columns: ['id', 'amount'] }],
];

describe('the malformed-file corpus: every file refused by position with nothing stored, or imported correctly', () => {
  const dir = tempDir();
  const ws = path.join(dir, 'corpus.jsw');
  const cli = (...args: string[]) => runCli(args, dir);
  before(async () => { json(await cli('workspace', 'create', ws, '--json')); });

  for (const [file, outcome] of OUTCOMES) {
    it(file, async () => {
      const before = json<unknown[]>(await cli('datasets', '--workspace', ws, '--json')).length;
      const audit = json<unknown[]>(await cli('audit', 'list', '--workspace', ws, '--json')).length;
      const r = await cli('import', path.join(CORPUS, file), '--workspace', ws, '--name', file.replace(/\W/g, '_'), '--json');
      if ('code' in outcome) {
        assert.equal(r.code, 1, r.stdout);
        const e = (JSON.parse(r.stderr) as { error: WireError }).error;
        assert.equal(e.code, outcome.code, e.message);
        assert.equal(e.details.file, path.join(CORPUS, file));
        for (const k of ['row', 'line', 'column'] as const) if (outcome[k] !== undefined) assert.equal(e.details[k], outcome[k], `${k}: ${e.message}`);
        if (outcome.message) assert.match(e.message, outcome.message);
        assert.equal(json<unknown[]>(await cli('datasets', '--workspace', ws, '--json')).length, before, 'no dataset stored');
        assert.equal(json<unknown[]>(await cli('audit', 'list', '--workspace', ws, '--json')).length, audit, 'no audit entry');
      } else {
        const res = json<{ rows: number; columns: { name: string }[]; warnings: string[] }>(r);
        assert.deepEqual([res.rows, res.columns.map((c) => c.name)], [outcome.rows, outcome.columns]);
        if (outcome.warning) assert.ok(res.warnings.some((w) => outcome.warning!.test(w)), res.warnings.join(' | '));
      }
    });
  }
});
