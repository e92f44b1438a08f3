import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { AuditExportResult } from '../../service/contract';
import type { WireError } from '../../types/errors';
import { json, runCli } from '../helpers/cli';
import { readCsv } from '../helpers/read-csv';
import { SHARED_DATA, tempDir } from '../helpers/temp';

describe('CLI: the audit log says what changed and exports for an auditor', () => {
  const dir = tempDir();
  const ws = path.join(dir, 'audit.jsw');
  const cli = (...args: string[]) => runCli(args, dir);
  const base = ['--workspace', ws, '--dataset', 'german', '--target', 'creditability'];

  before(async () => {
    json(await cli('workspace', 'create', ws, '--json'));
    json(await cli('import', path.join(SHARED_DATA, 'germancredit.csv'), '--workspace', ws, '--name', 'german', '--json'));
    json(await cli('split', '--workspace', ws, '--dataset', 'german', '--random', '0.7', '--seed', '1', '--target', 'creditability', '--json'));
    json(await cli('bin', ...base, '--json'));
    json(await cli('bin', 'edit', ...base, '--var', 'duration_in_month', '--cuts', '12,24,36', '--json'));
  });

  it('lists each entry with a sentence naming the file, the samples and the edited variable', async () => {
    const entries = json<{ action: string; summary: string }[]>(await cli('audit', 'list', '--workspace', ws, '--json'));
    const said = (action: string) => entries.find((e) => e.action === action)!.summary;
    assert.match(said('import'), /^Imported germancredit\.csv \(sha256 [0-9a-f]{12}…\) as 'german': 1,000 rows/);
    assert.match(said('split'), /^Designed samples of 'german' .*train 700, test 300/);
    assert.equal(said('bin.edit'), "Edited the bins of duration_in_month (cuts 12, 24, 36) in the binning of 'german' → creditability = bad (train sample)");
    const text = await cli('audit', 'list', '--workspace', ws);
    assert.match(text.stdout, /what changed/);
  });

  it('exports CSV whose hash chain re-verifies outside the app, and JSON; never overwrites', async () => {
    const out = path.join(dir, 'audit.csv');
    const r = json<AuditExportResult>(await cli('audit', 'export', '--workspace', ws, '--out', out, '--json'));
    assert.deepEqual([r.format, r.verification.ok, r.entries >= 5], ['csv', true, true]);
    const csv = readCsv(out);
    assert.deepEqual(csv.header, ['seq', 'at', 'action', 'summary', 'params_json', 'prev_hash', 'hash']);
    assert.equal(csv.rows.length, r.entries);
    let prev = '0'.repeat(64);
    for (const [seq, at, action, , params, prevHash, hash] of csv.rows as string[][]) {
      assert.equal(prevHash, prev);
      assert.equal(createHash('sha256').update(`${prev}\n${seq}\n${at}\n${action}\n${params}`).digest('hex'), hash, `entry ${seq} re-hashes`);
      prev = hash!;
    }
    const again = await cli('audit', 'export', '--workspace', ws, '--out', out, '--json');
    assert.equal(again.code, 1);
    assert.equal((JSON.parse(again.stderr) as { error: WireError }).error.code, 'ALREADY_EXISTS');
    const j = json<AuditExportResult>(await cli('audit', 'export', '--workspace', ws, '--out', path.join(dir, 'audit.json'), '--json'));
    const doc = JSON.parse(fs.readFileSync(j.out, 'utf8')) as { format: string; entries: { summary: string }[] };
    assert.deepEqual([j.format, doc.format, doc.entries.length], ['json', 'jointscore-audit', r.entries]);
    const bad = await cli('audit', 'export', '--workspace', ws, '--out', path.join(dir, 'x.txt'), '--format', 'xml');
    assert.equal(bad.code, 2);
    assert.ok(!fs.readdirSync(dir).some((f) => f.includes('.partial')));
  });

  it('detects a log cut short: against the head the workspace recorded, and against an anchor taken earlier even when the head was rewritten too', async () => {
    const entries = json<{ seq: number; hash: string }[]>(await cli('audit', 'list', '--workspace', ws, '--json'));
    const anchor = `${entries.at(-1)!.seq}:${entries.at(-1)!.hash}`;
    assert.equal(json<{ ok: boolean }>(await cli('audit', 'verify', '--workspace', ws, '--anchor', anchor, '--json')).ok, true);
    const db = new Database(ws);
    // Someone with the file drops the append-only trigger and removes the last two entries.
    try { db.exec('DROP TRIGGER audit_log_no_delete'); db.prepare('DELETE FROM audit_log WHERE seq > ?').run(entries.length - 2); } finally { db.close(); }
    const cut = await cli('audit', 'verify', '--workspace', ws, '--json');
    assert.equal(cut.code, 1);
    const v = JSON.parse(cut.stdout) as { ok: boolean; truncated: boolean; firstBroken: number; entries: number };
    assert.deepEqual([v.ok, v.truncated, v.firstBroken, v.entries], [false, true, entries.length - 1, entries.length - 2]);
    assert.match((await cli('audit', 'verify', '--workspace', ws)).stdout, /CUT SHORT/);
    // Whoever cut the log and rewrote the recorded head is still caught by an anchor taken before.
    const kept = entries[entries.length - 3]!;
    const db2 = new Database(ws);
    try { db2.prepare("UPDATE meta SET value = ? WHERE key = 'audit_head'").run(JSON.stringify({ seq: kept.seq, hash: kept.hash })); } finally { db2.close(); }
    assert.equal(json<{ ok: boolean }>(await cli('audit', 'verify', '--workspace', ws, '--json')).ok, true, 'the rewritten head alone no longer tells');
    const anchored = await cli('audit', 'verify', '--workspace', ws, '--anchor', anchor, '--json');
    assert.deepEqual([anchored.code, (JSON.parse(anchored.stdout) as { truncated: boolean }).truncated], [1, true]);
  });

  it('writes the CSV for Excel: UTF-8 with a byte-order mark by default, GBK when asked, and refuses what GBK cannot hold', async () => {
    const zh = path.join(dir, 'zh.jsw');
    json(await cli('workspace', 'create', zh, '--json'));
    json(await cli('import', path.join(SHARED_DATA, 'germancredit.csv'), '--workspace', zh, '--name', '德国信贷', '--json'));
    json(await cli('audit', 'export', '--workspace', zh, '--out', path.join(dir, 'zh-default.csv'), '--json'));
    const raw = fs.readFileSync(path.join(dir, 'zh-default.csv'));
    assert.deepEqual([...raw.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.match(raw.toString('utf8'), /德国信贷/);
    json(await cli('audit', 'export', '--workspace', zh, '--out', path.join(dir, 'zh-gbk.csv'), '--out-encoding', 'gbk', '--json'));
    const gbk = fs.readFileSync(path.join(dir, 'zh-gbk.csv'));
    assert.match(new TextDecoder('gbk').decode(gbk), /^seq,at,action,summary,params_json,prev_hash,hash\n1,.*德国信贷/s);
    assert.equal(gbk.indexOf(Buffer.from('德国信贷', 'utf8')), -1, 'GBK bytes, not UTF-8');
    json(await cli('import', path.join(SHARED_DATA, 'germancredit.csv'), '--workspace', zh, '--name', 'emoji😀', '--json'));
    const refused = await cli('audit', 'export', '--workspace', zh, '--out', path.join(dir, 'zh-emoji.csv'), '--out-encoding', 'gbk', '--json');
    const e = (JSON.parse(refused.stderr) as { error: WireError }).error;
    assert.deepEqual([refused.code, e.code, e.details.option, typeof e.details.line], [1, 'INVALID_ENCODING', 'encoding', 'number']);
    assert.ok(!fs.existsSync(path.join(dir, 'zh-emoji.csv')) && !fs.readdirSync(dir).some((f) => f.includes('.partial')), 'nothing half-written');
  });
});
