import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { PseudonymizeResult } from '../../service/contract';
import type { WireError } from '../../types/errors';
import { json, runCli } from '../helpers/cli';
import { mulberry32 } from '../../models/stats/random';
import { tempDir, write } from '../helpers/temp';

describe('CLI: pseudonymize on each party’s machine', () => {
  const dir = tempDir();
  const secret = write(dir, 'secret.txt', 'joint-session-2026\n', 0o600);
  const lender = write(dir, 'lender.csv', 'phone,applied,name\n+86 138 0013 8000,1,张三\n13912345678,0,李四\n123,1,bad\n');
  const partner = write(dir, 'partner.csv', 'mobile,usage_min\n8613800138000,120\n0086-139-1234-5678,45\n15000000000,3\n');
  const err = (stderr: string) => (JSON.parse(stderr) as { error: WireError }).error;

  it('hashes the same person to the same key on both sides, drops raw columns and lists rejects', async () => {
    const a = json<PseudonymizeResult>(await runCli(['pseudonymize', lender, '--key', 'phone', '--key-kind', 'phone', '--secret-file', secret, '--out', path.join(dir, 'lender.h.csv'), '--drop', 'name', '--json'], dir));
    const b = json<PseudonymizeResult>(await runCli(['pseudonymize', partner, '--key', 'mobile', '--key-kind', 'phone', '--secret-file', secret, '--out', path.join(dir, 'partner.h.csv'), '--json'], dir));
    assert.deepEqual([a.rows, a.written, a.rejected, a.keyColumn], [3, 2, 1, 'phone_hmac_sha256']);
    assert.deepEqual([b.rows, b.written, b.rejected], [3, 3, 0]);
    const lines = (f: string) => fs.readFileSync(f, 'utf8').trim().split('\n');
    const left = lines(a.output).slice(1).map((l) => l.split(',')[0]);
    const right = new Set(lines(b.output).slice(1).map((l) => l.split(',')[0]));
    assert.equal(left.filter((k) => right.has(k)).length, 2);
    assert.equal(left[0], crypto.createHmac('sha256', 'joint-session-2026').update('13800138000').digest('hex'));
    const text = fs.readFileSync(a.output, 'utf8');
    assert.doesNotMatch(text, /13800138000|张三|name/);
    // The rejects file is for a person: UTF-8 with a byte-order mark, so Excel on a Chinese Windows opens it right; the output stays plain UTF-8 for the other party's tools.
    assert.deepEqual(lines(a.rejects), ['line,row,column,reason', '4,3,phone,not an 11-digit mainland mobile number starting with 1']);
    assert.deepEqual([...fs.readFileSync(a.rejects).subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.notEqual(fs.readFileSync(a.output)[0], 0xef);
  });

  it('records the run in a workspace audit log, chaining the output file to its import', async () => {
    const ws = path.join(dir, 'audit.jsw');
    json(await runCli(['workspace', 'create', ws, '--json'], dir));
    const r = json<PseudonymizeResult>(await runCli(['pseudonymize', lender, '--key', 'phone', '--key-kind', 'phone', '--secret-file', secret, '--out', path.join(dir, 'lender.a.csv'), '--drop', 'name', '--workspace', ws, '--json'], dir));
    assert.equal(r.outputSha256, crypto.createHash('sha256').update(fs.readFileSync(r.output)).digest('hex'));
    const imported = json<{ sha256: string }>(await runCli(['import', r.output, '--workspace', ws, '--json'], dir));
    assert.equal(imported.sha256, r.outputSha256);
    const entries = json<{ action: string; params: Record<string, unknown> }[]>(await runCli(['audit', 'list', '--workspace', ws, '--json'], dir));
    assert.deepEqual(entries.map((e) => e.action), ['workspace.create', 'pseudonymize', 'import']);
    assert.equal(entries[1]!.params.outputSha256, entries[2]!.params.sha256);
    assert.doesNotMatch(JSON.stringify(entries), /joint-session-2026/, 'the secret is never logged');
  });

  it('keeps other fields byte for byte, quotes and all, from comma- and tab-separated files', async () => {
    const comma = write(dir, 'q.csv', 'phone,note,city\n13800138000,"a, ""b""",北京\n');
    const tab = write(dir, 'q.tsv', 'phone\tnote\n13800138000\tx,y\n');
    const a = json<PseudonymizeResult>(await runCli(['pseudonymize', comma, '--key', 'phone', '--key-kind', 'phone', '--hash', 'sha256', '--out', path.join(dir, 'q.out.csv'), '--json'], dir));
    const b = json<PseudonymizeResult>(await runCli(['pseudonymize', tab, '--key', 'phone', '--key-kind', 'phone', '--hash', 'sha256', '--out', path.join(dir, 'q2.out.csv'), '--json'], dir));
    const h = crypto.createHash('sha256').update('13800138000').digest('hex');
    assert.equal(fs.readFileSync(a.output, 'utf8'), `phone_sha256,note,city\n${h},"a, ""b""",北京\n`);
    assert.equal(fs.readFileSync(b.output, 'utf8'), `phone_sha256,note\n${h},"x,y"\n`);
  });

  it('matches nothing across different secrets', async () => {
    const other = write(dir, 'other-secret.txt', 'another-secret-2026', 0o600);
    const b = json<PseudonymizeResult>(await runCli(['pseudonymize', partner, '--key', 'mobile', '--key-kind', 'phone', '--secret-file', other, '--out', path.join(dir, 'partner.other.csv'), '--json'], dir));
    const keys = (f: string) => new Set(fs.readFileSync(f, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]));
    const left = keys(path.join(dir, 'lender.h.csv'));
    assert.equal([...keys(b.output)].filter((k) => left.has(k)).length, 0);
  });

  it('plain MD5 in upper case, as ad platforms exchange device ids', async () => {
    const f = write(dir, 'devices.csv', 'oaid\n' + 'ABCDEF01-2345-6789-ABCD-EF0123456789\n');
    const r = json<PseudonymizeResult>(await runCli(['pseudonymize', f, '--key', 'oaid', '--key-kind', 'oaid', '--hash', 'md5', '--upper', '--out', path.join(dir, 'devices.h.csv'), '--json'], dir));
    const key = fs.readFileSync(r.output, 'utf8').trim().split('\n')[1];
    assert.equal(key, crypto.createHash('md5').update('abcdef01-2345-6789-abcd-ef0123456789').digest('hex').toUpperCase());
  });

  it('refuses a missing key column, an all-invalid key, and a missing or empty secret — writing nothing', async () => {
    const out = path.join(dir, 'never.csv');
    const run = (...extra: string[]) => runCli(['pseudonymize', lender, '--out', out, '--json', ...extra], dir);
    let r = await run('--key', 'mobile', '--key-kind', 'phone', '--secret-file', secret);
    assert.equal(r.code, 1);
    assert.match(err(r.stderr).message, /has no column 'mobile'/);
    r = await run('--key', 'applied', '--key-kind', 'idcard', '--secret-file', secret);
    assert.equal(err(r.stderr).code, 'INVALID_ARGUMENT');
    assert.match(err(r.stderr).message, /none of the 3 ids in column 'applied' is a valid idcard id/);
    r = await run('--key', 'phone', '--key-kind', 'phone', '--secret-file', path.join(dir, 'nope.txt'));
    assert.equal(err(r.stderr).code, 'FILE_NOT_FOUND');
    r = await run('--key', 'phone', '--key-kind', 'phone', '--secret-file', write(dir, 'empty.txt', '\n', 0o600));
    assert.match(err(r.stderr).message, /is empty/);
    r = await run('--key', 'phone', '--key-kind', 'phone');
    assert.match(err(r.stderr).message, /needs the session secret/);
    // A guessable secret, and one other users can read, are refused before anything is read.
    r = await run('--key', 'phone', '--key-kind', 'phone', '--secret-file', write(dir, 'short.txt', 'abc123\n', 0o600));
    assert.deepEqual([err(r.stderr).code, err(r.stderr).details.got], ['INVALID_ARGUMENT', '6 bytes']);
    r = await run('--key', 'phone', '--key-kind', 'phone', '--secret-file', write(dir, 'shared.txt', 'a-long-enough-secret-2026', 0o644));
    assert.match(err(r.stderr).message, /can be read by other users of this machine \(mode 644\)/);
    assert.ok(!fs.existsSync(out));
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.includes('partial')), []);
  });
  it('refuses to copy a column that holds raw personal data (a phone in ref_code), unless it is dropped or declared', async () => {
    const raw = write(dir, 'refs.csv', `phone,ref_code,score\n${Array.from({ length: 400 }, (_, i) => `1380013${String(8000 + i).slice(-4)},${i % 25 === 3 ? `139${String(10000000 + i)}` : `R${i}`},${i}`).join('\n')}\n`);
    const out = path.join(dir, 'refs.h.csv');
    const r = await runCli(['pseudonymize', raw, '--key', 'phone', '--key-kind', 'phone', '--secret-file', secret, '--out', out, '--json'], dir);
    assert.equal(r.code, 1);
    const e = err(r.stderr);
    assert.deepEqual([e.code, e.details.column, e.details.row], ['PII_REFUSED', 'ref_code', 4]);
    assert.match(e.message, /16 of 400 values \(4\.0%\) look like mobile numbers/);
    assert.ok(!fs.existsSync(out), 'nothing written');
    json(await runCli(['pseudonymize', raw, '--key', 'phone', '--key-kind', 'phone', '--secret-file', secret, '--out', out, '--drop', 'ref_code', '--json'], dir));
    json(await runCli(['pseudonymize', raw, '--key', 'phone', '--key-kind', 'phone', '--secret-file', secret, '--out', path.join(dir, 'refs.d.csv'), '--not-pii', 'ref_code=internal referral codes', '--json'], dir));
  });

  it('never replaces an existing output unless asked', async () => {
    const out = path.join(dir, 'kept.csv');
    fs.writeFileSync(out, 'precious\n');
    const r = await runCli(['pseudonymize', lender, '--key', 'phone', '--key-kind', 'phone', '--secret-file', secret, '--drop', 'name', '--out', out, '--json'], dir);
    assert.deepEqual([r.code, err(r.stderr).code, err(r.stderr).details.file], [1, 'ALREADY_EXISTS', out]);
    assert.equal(fs.readFileSync(out, 'utf8'), 'precious\n');
    json(await runCli(['pseudonymize', lender, '--key', 'phone', '--key-kind', 'phone', '--secret-file', secret, '--drop', 'name', '--out', out, '--overwrite', '--json'], dir));
    assert.match(fs.readFileSync(out, 'utf8'), /^phone_hmac_sha256,/);
  });

  describe('a large file, cut in two at a line break and hashed on two threads', () => {
    // ~9 MB: CRLF and LF line ends, blank lines, invalid ids in both halves.
    const rand = mulberry32(3);
    const raw: string[] = [];
    const expected: string[] = [];
    const rejects: string[] = [];
    const rows: string[] = ['phone,segment,score'];
    let line = 1, row = 0;
    const hmac = (s: string) => crypto.createHmac('sha256', 'joint-session-2026').update(s).digest('hex');
    for (let i = 0; i < 400_000; i++) {
      if (i % 50_001 === 7) { rows.push(''); line++; }
      const phone = `1${3 + Math.floor(rand() * 6)}${String(Math.floor(rand() * 1e9)).padStart(9, '0')}`;
      const invalid = i % 9_973 === 5;
      const shown = invalid ? phone.slice(0, 7) : i % 3 === 0 ? `+86 ${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}` : phone;
      const rest = `s${i % 7},${(rand() * 100).toFixed(3)}`;
      rows.push(`${shown},${rest}`);
      line++; row++;
      raw.push(phone);
      if (invalid) rejects.push(`${line},${row},phone,not an 11-digit mainland mobile number starting with 1`);
      else expected.push(`${hmac(phone)},${rest}`);
    }
    const text = rows.map((r, i) => (i % 5 === 0 ? `${r}\r\n` : `${r}\n`)).join('');
    const big = write(dir, 'big.csv', text);

    it('gives the same rows, rejects and line numbers as one thread would, and says it used two', async () => {
      assert.ok(fs.statSync(big).size > 8 * 1024 * 1024);
      const r = json<PseudonymizeResult & { threads: number }>(await runCli(['pseudonymize', big, '--key', 'phone', '--key-kind', 'phone', '--secret-file', secret, '--out', path.join(dir, 'big.h.csv'), '--json'], dir));
      assert.equal(r.threads, 2);
      assert.deepEqual([r.rows, r.written, r.rejected], [400_000, expected.length, rejects.length]);
      assert.ok(rejects.length > 20);
      const out = fs.readFileSync(r.output, 'utf8').split('\n');
      assert.equal(out.pop(), '');
      assert.equal(out[0], 'phone_hmac_sha256,segment,score');
      assert.equal(out.length - 1, expected.length);
      for (let i = 0; i < expected.length; i++) if (out[i + 1] !== expected[i]) assert.fail(`output row ${i + 1}: ${out[i + 1]} ≠ ${expected[i]}`);
      assert.deepEqual(fs.readFileSync(r.rejects, 'utf8').trim().split('\n').slice(1), rejects);
      assert.equal(r.inputSha256, crypto.createHash('sha256').update(text).digest('hex'));
      assert.equal(r.outputSha256, crypto.createHash('sha256').update(fs.readFileSync(r.output)).digest('hex'));
      assert.doesNotMatch(fs.readFileSync(r.output, 'latin1').slice(0, 1_000_000), new RegExp(raw.slice(0, 50).join('|')));
    });

    it('names the line and data row of a ragged row in the second half, leaving no file behind', async () => {
      const lines = text.split('\n');
      const at = lines.length - 1000;
      const broken = write(dir, 'big-ragged.csv', [...lines.slice(0, at), 'x', ...lines.slice(at)].join('\n'));
      const out = path.join(dir, 'big-ragged.h.csv');
      const r = await runCli(['pseudonymize', broken, '--key', 'phone', '--key-kind', 'phone', '--secret-file', secret, '--out', out, '--json'], dir);
      assert.equal(r.code, 1);
      const e = err(r.stderr);
      assert.equal(e.code, 'RAGGED_ROW');
      const dataRowsBefore = lines.slice(1, at).filter((l) => l.replace('\r', '') !== '').length;
      assert.deepEqual([e.details.line, e.details.row], [at + 1, dataRowsBefore + 1]);
      assert.match(e.message, new RegExp(`line ${at + 1} \\(data row ${dataRowsBefore + 1}\\)`));
      assert.deepEqual(fs.readdirSync(dir).filter((f) => f.startsWith('big-ragged.h')), []);
    });
  });
});
