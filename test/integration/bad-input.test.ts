import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { readDictionary } from '../../data/store/column-chunks';
import type { DatasetInfo } from '../../types/dataset';
import type { WireError } from '../../types/errors';
import { json, runCli } from '../helpers/cli';
import { FIXTURES, tempDir, write } from '../helpers/temp';

/**
 * Every bad input gives a clear error naming file, row/line and column and what was expected,
 * exits non-zero, and leaves the workspace exactly as it was.
 */
describe('bad input', () => {
  const dir = tempDir();
  const ws = path.join(dir, 'bad.jsw');
  let baseline = '';

  const state = () => {
    const db = new Database(ws, { readonly: true });
    try {
      const tables = ['datasets', 'columns', 'column_chunks', 'dictionary_chunks', 'profiles', 'audit_log'];
      return JSON.stringify(tables.map((t) => db.prepare(`SELECT COUNT(*) FROM ${t}`).pluck().get()));
    } finally { db.close(); }
  };
  const refuse = async (file: string, code: string, extra: string[] = []) => {
    const r = await runCli(['import', file, '--workspace', ws, '--json', ...extra], dir);
    assert.notEqual(r.code, 0, 'exit code');
    assert.equal(r.stdout, '', 'nothing on stdout');
    const err = (JSON.parse(r.stderr) as { error: WireError }).error;
    assert.equal(err.code, code, err.message);
    assert.equal(state(), baseline, 'workspace untouched');
    const list = json<DatasetInfo[]>(await runCli(['datasets', '--workspace', ws, '--json'], dir));
    assert.deepEqual(list.map((d) => d.name), ['good']);
    return err;
  };

  before(async () => {
    json(await runCli(['workspace', 'create', ws, '--json'], dir));
    json(await runCli(['import', write(dir, 'good.csv', 'a,b\n1,x\n'), '--workspace', ws, '--json'], dir));
    baseline = state();
  });

  it('ragged row: names the file, line, row and the missing column', async () => {
    const f = write(dir, 'ragged.csv', 'id,amount,city\n1,10,bj\n2,20\n3,30,sh\n');
    const e = await refuse(f, 'RAGGED_ROW');
    assert.equal(e.details.file, f);
    assert.equal(e.details.line, 3);
    assert.equal(e.details.row, 2);
    assert.equal(e.details.column, 'city');
    assert.match(e.message, /line 3 \(data row 2\): expected 3 fields as in the header, found 2/);
  });

  it('too many fields in a row', async () => {
    const e = await refuse(write(dir, 'long.csv', 'a,b\n1,2\n3,4,5\n'), 'RAGGED_ROW');
    assert.equal(e.details.line, 3);
  });

  it('unterminated quote: names the line where the quote opens', async () => {
    const e = await refuse(write(dir, 'quote.csv', 'a,b\n1,"ok"\n2,"never closed\n3,x\n'), 'UNTERMINATED_QUOTE');
    assert.equal(e.details.line, 3);
    assert.match(e.message, /never closed/);
  });

  it('empty file', async () => {
    const e = await refuse(write(dir, 'empty.csv', ''), 'EMPTY_FILE');
    assert.match(e.message, /empty/);
  });

  it('header only', async () => {
    await refuse(write(dir, 'header.csv', 'a,b,c\n'), 'HEADER_ONLY');
  });

  it('duplicate column names: names both positions', async () => {
    const e = await refuse(write(dir, 'dup.csv', 'id,x,id\n1,2,3\n'), 'DUPLICATE_COLUMN');
    assert.equal(e.details.column, 'id');
    assert.match(e.message, /columns 1 and 3/);
  });

  it('invalid bytes for the chosen encoding: GBK read as UTF-8', async () => {
    const e = await refuse(path.join(FIXTURES, 'lender_gbk.csv'), 'INVALID_ENCODING', ['--encoding', 'utf8']);
    assert.equal(e.details.line, 1);
    assert.match(e.message, /not valid UTF-8/);
  });

  it('a GBK line inside a UTF-8 file is refused by its line, not the whole file read as GBK', async () => {
    const gbkLine = Buffer.from([0xb1, 0xb1, 0xbe, 0xa9, 0x2c, 0x39, 0x0a]); // 北京,9 in GBK
    const file = path.join(dir, 'mixed.csv');
    fs.writeFileSync(file, Buffer.concat([Buffer.from(`城市,金额\n${'北京,1\n上海,2\n'.repeat(20)}`), gbkLine, Buffer.from('上海,3\n')]));
    const e = await refuse(file, 'INVALID_ENCODING');
    assert.equal(e.details.line, 42);
  });

  it('a value that does not fit the chosen type: names row, column and value', async () => {
    const e = await refuse(write(dir, 'type.csv', 'a,b\n1,x\n2,y\noops,z\n'), 'TYPE_MISMATCH', ['--type', 'a=numeric']);
    assert.deepEqual([e.details.row, e.details.line, e.details.column, e.details.got], [3, 4, 'a', 'oops']);
    assert.match(e.message, /expected a number/);
  });

  it('a number beyond double range (1e400) is refused by position, not stored as infinity', async () => {
    const e = await refuse(write(dir, 'huge.csv', `a,b\n${Array.from({ length: 3000 }, (_, i) => `${i},x`).join('\n')}\n1e400,y\n`), 'TYPE_MISMATCH', []);
    assert.deepEqual([e.details.row, e.details.line, e.details.column, e.details.got], [3001, 3002, 'a', '1e400']);
  });

  it('an override naming a column the file does not have', async () => {
    const e = await refuse(write(dir, 'ov.csv', 'a\n1\n'), 'INVALID_ARGUMENT', ['--type', 'nope=numeric']);
    assert.match(e.message, /no column 'nope'/);
  });

  it('a dataset name already taken', async () => {
    await refuse(write(dir, 'good2.csv', 'a\n1\n'), 'DATASET_EXISTS', ['--name', 'good']);
  });

  it('a missing file', async () => {
    await refuse(path.join(dir, 'nope.csv'), 'FILE_NOT_FOUND');
  });

  it('a workspace that is not a Jointscore workspace', async () => {
    const fake = write(dir, 'fake.jsw', 'not sqlite at all');
    const r = await runCli(['datasets', '--workspace', fake, '--json'], dir);
    assert.equal(r.code, 1);
    assert.equal((JSON.parse(r.stderr) as { error: WireError }).error.code, 'NOT_A_WORKSPACE');
    assert.equal(fs.readFileSync(fake, 'utf8'), 'not sqlite at all');
  });

  it('a workspace from a newer version', async () => {
    const future = path.join(dir, 'future.jsw');
    json(await runCli(['workspace', 'create', future, '--json'], dir));
    const db = new Database(future); db.pragma('user_version = 999'); db.close();
    const r = await runCli(['import', write(dir, 'ok.csv', 'a\n1\n'), '--workspace', future], dir);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /error \[WORKSPACE_TOO_NEW\]: .*newer Jointscore \(workspace version 999/);
  });

  it('a usage error exits 2 with the usage text', async () => {
    const r = await runCli(['import'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /import needs a FILE/);
    assert.match(r.stderr, /Usage:/);
  });

  it('a yes-or-no option given something else is refused by name, not read as no', async () => {
    const r = await runCli(['train', '--workspace', path.join(dir, 'none.jsw'), '--dataset', 'd', '--target', 't', '--model', 'logistic', '--woe', 'ture'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--woe takes true \| false; got 'ture'/);
  });
});

describe('PII guard at import', () => {
  const dir = tempDir();
  const ws = path.join(dir, 'pii.jsw');
  const file = () => write(dir, 'raw.csv', `uid,mobile,amount,bad\n${Array.from({ length: 30 }, (_, i) => `${i},1${38 + (i % 5)}0013800${String(i % 10)},${i * 10},${i % 2}`).join('\n')}\n`);

  it('refuses raw mobile numbers, naming the column, and stores nothing', async () => {
    json(await runCli(['workspace', 'create', ws, '--json'], dir));
    const r = await runCli(['import', file(), '--workspace', ws, '--json'], dir);
    assert.equal(r.code, 1);
    const e = (JSON.parse(r.stderr) as { error: WireError }).error;
    assert.equal(e.code, 'PII_REFUSED');
    assert.equal(e.details.column, 'mobile');
    assert.equal(e.details.option, 'hash | drop | notPii', 'the choices, as options the shell phrases');
    assert.deepEqual(json<DatasetInfo[]>(await runCli(['datasets', '--workspace', ws, '--json'], dir)), []);
  });

  it('hashes the raw column on the way in with the session secret (--hash), or refuses without a secret', async () => {
    const secret = write(dir, 'secret.txt', 'import-secret-2026\n', 0o600);
    const noSecret = await runCli(['import', file(), '--workspace', ws, '--hash', 'mobile', '--name', 'hashed0', '--json'], dir);
    assert.match((JSON.parse(noSecret.stderr) as { error: WireError }).error.message, /needs the session secret/);
    const r = json<{ columns: { name: string; type: string; role: string }[]; warnings: string[] }>(await runCli(['import', file(), '--workspace', ws, '--hash', 'mobile', '--secret-file', secret, '--name', 'hashed', '--json'], dir));
    assert.deepEqual(r.columns.find((c) => c.name === 'mobile_hmac_sha256'), { name: 'mobile_hmac_sha256', type: 'key', role: 'key', missing: 0, distinct: 10 });
    const db = new Database(ws, { readonly: true });
    const keys = readDictionary(db, db.prepare("SELECT id FROM columns WHERE name = 'mobile_hmac_sha256'").pluck().get() as number);
    db.close();
    const crypto = await import('node:crypto');
    assert.ok(keys.includes(crypto.createHmac('sha256', 'import-secret-2026').update('13800138000').digest('hex')));
  });

  it('checks every row, not a sample: phones after row 2,000, a 30 % share, a mix of kinds, old ID numbers stored as numbers', async () => {
    const rows = (n: number, value: (i: number) => string) => Array.from({ length: n }, (_, i) => `${i},${value(i)},${i % 2}`).join('\n');
    const cases: [string, (i: number) => string, RegExp, number][] = [
      ['late phones', (i) => (i >= 2500 && i % 20 === 0 ? `1390013${String(8000 + i).slice(-4)}` : `ref-${i}`), /25 of 3,000 values \(0\.8%\)|looks? like mobile numbers/, 2501],
      ['a third phones', (i) => (i % 3 === 0 ? `+86 139 ${String(10000000 + i).slice(0, 4)} ${String(10000000 + i).slice(4)}` : `code${i}`), /mobile numbers/, 1],
      ['mixed kinds', (i) => (i % 120 === 7 ? `user${i}@example.com` : i % 120 === 9 ? `13${String(900000000 + i)}` : `n${i}`), /look like (mobile numbers or e-mail addresses|e-mail addresses or mobile numbers)/, 8],
      ['old ID numbers', (i) => (i % 10 === 0 ? String(110105000000000 + 800101000 + i) : String(1000 + i)), /ID-card numbers/, 1],
    ];
    for (const [name, value, message, firstRow] of cases) {
      const f = write(dir, `${name.replace(/\W/g, '_')}.csv`, `uid,ref,bad\n${rows(3000, value)}\n`);
      const r = await runCli(['import', f, '--workspace', ws, '--json'], dir);
      const e = (JSON.parse(r.stderr || '{"error":{}}') as { error: WireError }).error;
      if (name === 'late phones') {
        // 25 of 3,000 (0.8 %) is under the 1 % line: it imports; five more rows push it over.
        assert.equal(r.code, 0, r.stderr);
        const more = write(dir, 'more-phones.csv', `uid,ref,bad\n${rows(3000, (i) => (i >= 2500 && i % 10 === 0 ? `1390013${String(8000 + i).slice(-4)}` : `ref-${i}`))}\n`);
        const r2 = await runCli(['import', more, '--workspace', ws, '--json'], dir);
        const e2 = (JSON.parse(r2.stderr) as { error: WireError }).error;
        assert.deepEqual([r2.code, e2.code, e2.details.column, e2.details.row], [1, 'PII_REFUSED', 'ref', 2501], name);
        assert.match(e2.message, /50 of 3,000 values \(1\.7%\) look like mobile numbers, the first in data row 2501/);
        continue;
      }
      assert.deepEqual([r.code, e.code, e.details.column, e.details.row], [1, 'PII_REFUSED', 'ref', firstRow], `${name}: ${r.stderr}`);
      assert.match(e.message, message, name);
    }
    const names = json<DatasetInfo[]>(await runCli(['datasets', '--workspace', ws, '--json'], dir)).map((d) => d.name);
    assert.deepEqual(names.filter((n) => n !== 'hashed'), ['late_phones'], 'only the file under the line was stored');
  });

  it('numbers written as text (1,000 · 50% · ¥1000) are imported as text with a warning that names them', async () => {
    const r = json<{ warnings: string[] }>(await runCli(['import', write(dir, 'fmt.csv', 'id,amount,rate\n1,"1,000",5%\n2,"12,500",7.5%\n3,"3,000",10%\n'), '--workspace', ws, '--name', 'fmt', '--json'], dir));
    assert.ok(r.warnings.some((w) => /'amount' holds numbers written with thousands separators \(1,000\) \(e\.g\. '1,000'\)/.test(w)), r.warnings.join(' | '));
    assert.ok(r.warnings.some((w) => /'rate' holds numbers written with percentages/.test(w)));
  });

  it('imports UTF-16 without a byte-order mark with clean names and values', async () => {
    const file = path.join(dir, 'utf16.csv');
    fs.writeFileSync(file, Buffer.from('城市,amount\n北京,1\n上海,2\n广州,3\n', 'utf16le'));
    const r = json<{ columns: { name: string }[]; rows: number }>(await runCli(['import', file, '--workspace', ws, '--name', 'utf16', '--json'], dir));
    assert.deepEqual([r.rows, r.columns.map((c) => c.name)], [3, ['城市', 'amount']]);
  });

  it('takes a column declared not personal data, with its reason in the audit log', async () => {
    const f = write(dir, 'orders.csv', `uid,order_no,bad\n${Array.from({ length: 200 }, (_, i) => `${i},1390013${String(8000 + i).slice(-4)},${i % 2}`).join('\n')}\n`);
    const refused = await runCli(['import', f, '--workspace', ws, '--not-pii', 'order_no=', '--json'], dir);
    assert.equal((JSON.parse(refused.stderr) as { error: WireError }).error.details.option, 'notPii', 'a declaration needs a reason');
    json(await runCli(['import', f, '--workspace', ws, '--not-pii', 'order_no=order numbers from our shop, not phones', '--json'], dir));
    const audit = json<{ action: string; params: { notPii: { column: string; reason: string }[] } }[]>(await runCli(['audit', 'list', '--workspace', ws, '--json'], dir));
    assert.deepEqual(audit.filter((a) => a.action === 'import').at(-1)!.params.notPii, [{ column: 'order_no', reason: 'order numbers from our shop, not phones' }]);
  });

  it('imports with the column dropped: it is not stored anywhere', async () => {
    const r = json<{ columns: { name: string }[] }>(await runCli(['import', file(), '--workspace', ws, '--drop', 'mobile', '--name', 'dropped', '--json'], dir));
    assert.deepEqual(r.columns.map((c) => c.name), ['uid', 'amount', 'bad']);
    const db = new Database(ws, { readonly: true });
    const blobs = db.prepare('SELECT data FROM column_chunks').pluck().all() as Buffer[];
    const dicts = db.prepare('SELECT data FROM dictionary_chunks').pluck().all() as Buffer[];
    const names = db.prepare("SELECT name FROM columns WHERE dataset_id = (SELECT id FROM datasets WHERE name = 'dropped') ORDER BY position").pluck().all() as string[];
    db.close();
    assert.deepEqual(names, ['uid', 'amount', 'bad']);
    const asDouble = Buffer.alloc(8);
    asDouble.writeDoubleLE(13800138000);
    assert.ok(!blobs.some((b) => b.includes(asDouble)), 'no raw number stored as a double');
    assert.ok(!dicts.some((d) => d.includes('13800')));
    assert.ok(!blobs.some((b) => b.includes(Buffer.from('13800'))));
    assert.doesNotMatch(fs.readFileSync(ws).toString('latin1'), /1380013800/);
  });
});
