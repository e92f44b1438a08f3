import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { PseudonymizeResult } from '../../service/contract';
import type { WireError } from '../../types/errors';
import { json, runCli } from '../helpers/cli';
import { tempDir, write } from '../helpers/temp';

describe('CLI: pseudonymize on each party’s machine', () => {
  const dir = tempDir();
  const secret = write(dir, 'secret.txt', 'joint-session-2026\n');
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
    assert.deepEqual(lines(a.rejects), ['line,row,column,reason', '4,3,phone,not an 11-digit mainland mobile number starting with 1']);
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
    const other = write(dir, 'other-secret.txt', 'another-secret');
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
    r = await run('--key', 'phone', '--key-kind', 'phone', '--secret-file', write(dir, 'empty.txt', '\n'));
    assert.match(err(r.stderr).message, /is empty/);
    r = await run('--key', 'phone', '--key-kind', 'phone');
    assert.match(err(r.stderr).message, /needs the session secret/);
    assert.ok(!fs.existsSync(out));
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.includes('partial')), []);
  });
});
