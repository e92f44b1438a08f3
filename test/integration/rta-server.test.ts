import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import protobuf from 'protobufjs';
import { encodeRequest } from '../../rta/protocol/proto-codec';
import { createService } from '../../service/create-service';
import type { AppError } from '../../types/errors';
import type { StrategyDocument } from '../../types/bundle';
import { json, runCli } from '../helpers/cli';
import { adminHeaders, postJson, raw, request, startRtaServer, type RunningServer } from '../helpers/rta-client';
import { signManifest, SIGNATURE_FILE } from '../../data/bundle/bundle-signature';
import { REPO, tempDir } from '../helpers/temp';

const Response = protobuf.loadSync(path.join(REPO, 'rta', 'rta.proto')).lookupType('jointscore.rta.RtaResponse');
const md5 = (s: string) => createHash('md5').update(s).digest('hex');

interface Scorer {
  score: (r: Record<string, unknown>) => { decision: { bid: boolean; coefficient: number; cell: [number, number] } };
  targetingScore: (r: Record<string, unknown>) => number;
  creditScore: (r: Record<string, unknown>) => number;
}
interface Answer { id: string; code: number; bid: boolean; strategy_ids: string[]; bid_coefficient: number; cache_seconds: number; outcome: string; error?: string; targeting_score?: number; credit_score?: number; cell?: number[] }

const body = (a: { body: Buffer }) => JSON.parse(a.body.toString()) as Answer;

async function metric(adminPort: number, name: string): Promise<number> {
  const text = (await request(adminPort, 'GET', '/metrics')).body.toString();
  const m = new RegExp(`^${name.replace(/[{}"]/g, (c) => `\\${c}`)} (\\S+)$`, 'm').exec(text);
  return m ? Number(m[1]) : NaN;
}

describe('jointscore rta serve: the demo bundle answers bid requests as scorer.mjs + strategy.json do, survives bad traffic and reloads under load', () => {
  const dir = tempDir();
  const bundle = path.join(dir, 'bundle');
  const features = path.join(dir, 'features.csv');
  let scorer: Scorer;
  let strategy: StrategyDocument;
  let rows: Record<string, string>[] = [];
  let partner: Map<string, { device: string; os: string }>;
  let server: RunningServer;

  before(async () => {
    const r = json<{ bundle: string; snapshotIds: number; inputs: string[] }>(await runCli(['demo', 'bundle', '--out', bundle, '--features-out', features, '--rows', '20000', '--seed', '4', '--session-dir', path.join(dir, 'session'), '--json'], dir));
    assert.ok(r.snapshotIds > 5000);
    scorer = (await import(pathToFileURL(path.join(bundle, 'scorer.mjs')).href)) as Scorer;
    strategy = JSON.parse(fs.readFileSync(path.join(bundle, 'strategy.json'), 'utf8')) as StrategyDocument;
    const lines = fs.readFileSync(features, 'utf8').trim().split('\n');
    const header = lines[0]!.split(',');
    rows = lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, k) => [header[k]!, v])));
    // The raw device ids, kept by --workspace: the platform may send a raw OAID.
    const p = fs.readFileSync(path.join(dir, 'session', 'partner.csv'), 'utf8').trim().split('\n');
    const ph = p[0]!.split(',');
    partner = new Map(p.slice(1).map((l) => { const f = l.split(','); const device = f[ph.indexOf('device_id')]!; return [md5(device), { device, os: f[ph.indexOf('os')]! }]; }));
    server = await startRtaServer(['--bundle', bundle, '--features', features, '--deadline-ms', '200', '--max-body-bytes', '4096', '--headers-timeout-ms', '300', '--log-sample', '0.01'], dir);
  });
  after(() => { server?.child.kill('SIGKILL'); });

  it('every decision equals scorer.mjs + strategy.json offline: 1,500 known users by every id form, JSON and protobuf, and 300 unknown', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    const known = rows.filter((_, i) => i % Math.floor(rows.length / 1500) === 0).slice(0, 1500);
    const cases = [
      ...known.map((rec, i) => ({ rec, i })),
      ...Array.from({ length: 300 }, (_, i) => ({ rec: null, i: 1500 + i })),
    ];
    const answers = await Promise.all(cases.map(async ({ rec, i }) => {
      const key = rec ? rec.device_id_md5! : md5(`nobody-${i}`);
      const form = i % 4;
      const raw = rec ? partner.get(key) : undefined;
      const device = form === 0 ? { oaid_md5: key }
        : form === 1 ? { idfa_md5: key.toUpperCase() }
        : form === 2 ? { oaid_md5: md5(`decoy-${i}`), idfa_md5: key } // the first id in lookup order is unknown: the next decides
        : raw && raw.os === 'android' ? { oaid: raw.device } : { imei_md5: key };
      const q = { id: `q-${i}`, device: { os: 'android' as const, ...device }, strategyIds: ['s1'], isTest: i % 10 === 0 };
      if (i % 2 === 0) return { rec, q, a: body(await postJson(server.port, { id: q.id, device: q.device, strategy_ids: q.strategyIds, is_test: q.isTest }, agent)) };
      const res = await request(server.port, 'POST', '/rta', encodeRequest(q), { 'Content-Type': 'application/x-protobuf' }, agent);
      assert.equal(res.headers['content-type'], 'application/x-protobuf');
      const o = Response.toObject(Response.decode(res.body), { defaults: true, enums: String }) as Record<string, unknown>;
      return { rec, q, a: { id: o.id, code: o.code, bid: o.bid, strategy_ids: o.strategyIds, bid_coefficient: o.bidCoefficient, cache_seconds: o.cacheSeconds, outcome: (o.outcome as string).replace('OUTCOME_', '').toLowerCase(), targeting_score: o.targetingScore, credit_score: o.creditScore, cell: o.cell } as Answer };
    }));
    agent.destroy();
    let bids = 0;
    for (const { rec, q, a } of answers) {
      assert.equal(a.id, q.id);
      assert.equal(a.code, 0);
      if (!rec) {
        assert.equal(a.outcome, 'unknown_user', q.id);
        assert.equal(a.bid, strategy.defaultDecision.action === 'bid');
        continue;
      }
      const offline = scorer.score(rec).decision;
      assert.equal(a.outcome, 'scored', `${q.id}: ${JSON.stringify(q.device)}`);
      assert.equal(a.bid, offline.bid, q.id);
      assert.equal(a.bid_coefficient, offline.bid ? offline.coefficient : 0, q.id);
      assert.deepEqual(a.strategy_ids, offline.bid ? ['s1'] : []);
      assert.equal(a.cache_seconds, 300);
      if (offline.bid) bids++;
      if (q.isTest) {
        assert.equal(a.targeting_score, scorer.targetingScore(rec));
        assert.equal(a.credit_score, scorer.creditScore(rec));
        assert.deepEqual(a.cell, offline.cell);
      }
    }
    assert.ok(bids > 100 && bids < 1500, `a strategy that bids on some users and not others (${bids} bids of 1,500)`);
    assert.equal(server.logs.filter((l) => l.includes('"event":"request"')).length > 0, true, 'sampled request logs');
  });

  it('a ping answers at once without a lookup; healthz and metrics describe what is served', async () => {
    const p = body(await postJson(server.port, { id: 'ping-1', is_ping: true }));
    assert.deepEqual([p.id, p.outcome, p.bid, p.cache_seconds], ['ping-1', 'ping', false, 0]);
    const h = JSON.parse((await request(server.port, 'GET', '/healthz')).body.toString()) as { status: string; generation: number; snapshotIds: number };
    assert.deepEqual([h.status, h.generation, h.snapshotIds], ['ok', 1, rows.length]);
    const m = (await request(server.port, 'GET', '/metrics')).body.toString();
    assert.match(m, /^jointscore_rta_requests_total\{outcome="ping"\} 1$/m);
    assert.match(m, new RegExp(`^jointscore_rta_snapshot_ids ${rows.length}$`, 'm'));
    assert.match(m, /^jointscore_rta_bundle_info\{version="[0-9a-f]{16}",strategy=".+",created_at=".+"\} 1$/m);
    assert.match(m, /^jointscore_rta_request_duration_seconds_bucket\{le="\+Inf"\} \d+$/m);
  });

  it('bad traffic gets a 4xx or the default within its deadline, never a crash or a hung socket', async () => {
    const big = await request(server.port, 'POST', '/rta', 'x'.repeat(10_000), { 'Content-Type': 'application/json' });
    assert.equal(big.status, 413);
    assert.match(body(big).error!, /10000 bytes; at most 4096/);
    const chunked = await raw(server.port, ['POST /rta HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n', ...Array.from({ length: 6 }, () => `400\r\n${'y'.repeat(1024)}\r\n`)], 3000);
    assert.match(chunked.text, /^HTTP\/1\.1 411 Length Required/);
    assert.ok(chunked.closedByServer);
    const cases: [string, string, RegExp][] = [
      ['{"id": "x", "device": {', 'application/json', /not valid JSON/],
      ['[1]', 'application/json', /must be a JSON object/],
      ['{"device": {"oaid_md5": "ab"}}', 'application/json', /id \(the request id, a string\) is required/],
      ['{"id": "x", "device": {"oaid_md5": 12}}', 'application/json; charset=utf-8', /device\.oaid_md5 must be a string; got number/],
      ['{"id": "x", "is_test": 1}', 'application/json', /is_test must be a boolean/],
      ['{"id": "x", "strategy_ids": [1, 2]}', 'application/json', /strategy_ids must be an array of strings/],
    ];
    for (const [text, type, pattern] of cases) {
      const r = await request(server.port, 'POST', '/rta', text, { 'Content-Type': type });
      assert.equal(r.status, 400, text);
      assert.match(body(r).error!, pattern);
    }
    const badProto = await request(server.port, 'POST', '/rta', Buffer.from([0x0a, 0x40, 0x61]), { 'Content-Type': 'application/x-protobuf' });
    assert.equal(badProto.status, 400);
    const decoded = Response.toObject(Response.decode(badProto.body), { defaults: true }) as { code: number; error: string };
    assert.equal(decoded.code, 400);
    assert.match(decoded.error, /length 64 runs past the end/);
    assert.equal((await request(server.port, 'POST', '/rta', 'id=1', { 'Content-Type': 'application/x-www-form-urlencoded' })).status, 415);
    assert.equal((await request(server.port, 'GET', '/rta')).status, 405);
    assert.equal((await request(server.port, 'GET', '/nothing')).status, 404);

    // A body that stops arriving: the default decision at the deadline (200 ms here), not cached, and the connection ends.
    const slow = await raw(server.port, ['POST /rta HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 60\r\n\r\n{"id": "slow", "dev'], 3000);
    assert.ok(slow.closedByServer, 'closed');
    assert.match(slow.text, /^HTTP\/1\.1 200/);
    const answer = JSON.parse(slow.text.slice(slow.text.indexOf('\r\n\r\n') + 4)) as Answer;
    assert.deepEqual([answer.outcome, answer.cache_seconds, answer.bid], ['deadline', 0, strategy.defaultDecision.action === 'bid']);
    assert.ok(slow.ms >= 190 && slow.ms < 1000, `answered at the deadline (${slow.ms.toFixed(0)} ms)`);
    // Headers that never finish (300 ms allowed) and bytes that are not HTTP: closed, with 408 / 400.
    const slowHeaders = await raw(server.port, ['POST /rta HTTP/1.1\r\nHost: x\r\n'], 5000);
    assert.ok(slowHeaders.closedByServer && slowHeaders.ms < 2000, `slow headers cut off (${slowHeaders.ms.toFixed(0)} ms)`);
    assert.match(slowHeaders.text, /^HTTP\/1\.1 408/);
    const garbage = await raw(server.port, ['HELLO THERE\r\n\r\n'], 3000);
    assert.ok(garbage.closedByServer);
    assert.match(garbage.text, /^HTTP\/1\.1 400/);

    // Still serving, and every refusal counted.
    const ok = body(await postJson(server.port, { id: 'after', device: { oaid_md5: rows[0]!.device_id_md5 } }));
    assert.equal(ok.outcome, 'scored');
    const counted = async (o: string) => metric(server.port, `jointscore_rta_requests_total{outcome="${o}"}`);
    assert.deepEqual(
      { too_large: await counted('too_large'), bad_request: await counted('bad_request'), deadline: await counted('deadline'), client_error: await counted('client_error'), unsupported_media_type: await counted('unsupported_media_type'), method_not_allowed: await counted('method_not_allowed'), not_found: await counted('not_found') },
      { too_large: 1, bad_request: cases.length + 1, deadline: 1, client_error: 3, unsupported_media_type: 1, method_not_allowed: 1, not_found: 1 });
    assert.ok(server.logs.some((l) => l.includes('"event":"refused"') && l.includes('bad_request')));
  });

  it('the service starts a server on the bundle (rta.start), answers through rta.request and the CLI, and stops it', async () => {
    const service = createService({ mode: 'cli', settingsDir: dir });
    try {
      const started = await service.call('rta.start', { bundle, features });
      assert.equal(started.info.snapshotIds, rows.length);
      assert.deepEqual(started.sampleIds, rows.slice(0, 5).map((r) => r.device_id_md5));
      assert.deepEqual((await service.call('rta.list', {})).map((s) => s.server), [started.server]);
      const rec = rows[3]!;
      const a = await service.call('rta.request', { port: started.port, device: { oaid_md5: rec.device_id_md5! }, test: true, strategyIds: ['s1'] });
      const offline = scorer.score(rec).decision;
      assert.deepEqual([a.status, a.answer.outcome, a.answer.bid, a.answer.targeting_score, a.answer.credit_score, a.answer.cell], [200, 'scored', offline.bid, scorer.targetingScore(rec), scorer.creditScore(rec), offline.cell]);
      // The CLI's smoke test against the same server (a pipeline's check that the RTA service answers).
      const cli = json<{ status: number; ms: number; answer: Answer }>(await runCli(['rta', 'request', '--port', String(started.port), '--idfa-md5', rec.device_id_md5!.toUpperCase(), '--os', 'ios', '--test', '--json'], dir));
      assert.deepEqual([cli.status, cli.answer.outcome, cli.answer.targeting_score], [200, 'scored', scorer.targetingScore(rec)]);
      const text = await runCli(['rta', 'request', '--port', String(started.port), '--oaid-md5', md5('nobody')], dir);
      assert.match(text.stdout, /^unknown_user: (bid|no bid)/);
      const noId = await runCli(['rta', 'request', '--port', String(started.port), '--os', 'android', '--json'], dir);
      assert.deepEqual([noId.code, (JSON.parse(noId.stderr) as { error: { code: string } }).error.code], [1, 'INVALID_ARGUMENT']);
      await assert.rejects(service.call('rta.start', { bundle, features, port: started.port }), (e: AppError) => e.code === 'INVALID_ARGUMENT' && /in use/.test(e.message));
      assert.deepEqual(await service.call('rta.stop', { server: started.server }), { stopped: true });
      assert.deepEqual(await service.call('rta.list', {}), []);
      await assert.rejects(service.call('rta.request', { port: started.port, device: { oaid_md5: rec.device_id_md5! } }), (e: AppError) => e.code === 'NOT_FOUND' && e.message.includes(`127.0.0.1:${started.port}`));
      await assert.rejects(service.call('rta.start', { bundle, features: path.join(dir, 'missing.csv') }), (e: AppError) => e.code === 'FILE_NOT_FOUND');
    } finally {
      service.close();
    }
  });

  it('serves a snapshot straight from a workspace dataset (WORKSPACE.jsw#DATASET): same answers, no CSV written', async () => {
    const ws = path.join(dir, 'snapshots.jsw');
    json(await runCli(['workspace', 'create', ws, '--json'], dir));
    json(await runCli(['import', features, '--workspace', ws, '--name', 'snap', '--json'], dir));
    const service = createService({ mode: 'cli', settingsDir: dir });
    try {
      const started = await service.call('rta.start', { bundle, features: `${ws}#snap` });
      assert.equal(started.info.snapshotIds, rows.length);
      assert.deepEqual(started.sampleIds, rows.slice(0, 5).map((r) => r.device_id_md5));
      for (const rec of rows.filter((_, i) => i % 97 === 0).slice(0, 60)) {
        const a = await service.call('rta.request', { port: started.port, device: { imei_md5: rec.device_id_md5! }, test: true });
        const offline = scorer.score(rec).decision;
        assert.deepEqual([a.answer.outcome, a.answer.bid, a.answer.targeting_score, a.answer.credit_score, a.answer.cell], ['scored', offline.bid, scorer.targetingScore(rec), scorer.creditScore(rec), offline.cell]);
      }
      await service.call('rta.stop', { server: started.server });
      await assert.rejects(service.call('rta.start', { bundle, features: `${ws}#nope` }), (e: AppError) => e.code === 'NOT_FOUND' && /No dataset named 'nope'/.test(e.message));
    } finally {
      service.close();
    }
    // The CLI's rta serve reads it too.
    const cliServer = await startRtaServer(['--bundle', bundle, '--features', `${ws}#snap`], dir);
    try {
      const rec = rows[11]!;
      const a = body(await postJson(cliServer.port, { id: 'ds', device: { oaid_md5: rec.device_id_md5 } }));
      assert.deepEqual([a.outcome, a.bid], ['scored', scorer.score(rec).decision.bid]);
    } finally {
      cliServer.child.kill('SIGKILL');
    }
  });

  it('refuses a workspace dataset that lacks an input or holds it as another type, naming the column, and leaves the workspace as it was', async () => {
    const ws = path.join(dir, 'bad-snapshots.jsw');
    json(await runCli(['workspace', 'create', ws, '--json'], dir));
    const lines = fs.readFileSync(features, 'utf8').trim().split('\n').slice(0, 200);
    const names = lines[0]!.split(',');
    const dropped = path.join(dir, 'dropped.csv');
    fs.writeFileSync(dropped, `${lines.map((l) => l.split(',').filter((_, k) => k !== 1).join(',')).join('\n')}\n`);
    const texty = path.join(dir, 'texty.csv');
    fs.writeFileSync(texty, `${lines.map((l, i) => l.split(',').map((v, k) => (k === 1 && i > 0 ? `t${i}` : v)).join(',')).join('\n')}\n`);
    json(await runCli(['import', dropped, '--workspace', ws, '--name', 'dropped', '--json'], dir));
    json(await runCli(['import', texty, '--workspace', ws, '--name', 'texty', '--json'], dir));
    const before = fs.readFileSync(ws);
    const serve = (ds: string) => runCli(['rta', 'serve', '--bundle', bundle, '--features', `${ws}#${ds}`, '--port', '0', '--json'], dir);
    const r1 = await serve('dropped');
    const e1 = (JSON.parse(r1.stderr) as { error: { code: string; message: string; details: { column: string; file: string } } }).error;
    assert.deepEqual([r1.code, e1.code, e1.details.column, e1.details.file], [1, 'INVALID_ARGUMENT', names[1], `${ws}#dropped`]);
    assert.match(e1.message, /has no column '.+', an input of the bundle/);
    const r2 = await serve('texty');
    const e2 = (JSON.parse(r2.stderr) as { error: { code: string; message: string; details: { column: string; expected: string } } }).error;
    assert.deepEqual([r2.code, e2.code, e2.details.column, e2.details.expected], [1, 'TYPE_MISMATCH', names[1], 'numeric']);
    assert.ok(fs.readFileSync(ws).equals(before), 'the workspace file is unchanged');
  });

  it('shuts down gracefully: a request in flight at SIGTERM is answered, then the process exits 0', async () => {
    const inflight = raw(server.port, ['POST /rta HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n{"id":', '"late-1"}'], 3000, 60);
    await new Promise((r) => setTimeout(r, 20));
    server.child.kill('SIGTERM');
    const r = await inflight;
    assert.match(r.text, /^HTTP\/1\.1 200/);
    assert.match(r.text, /Connection: close/i);
    assert.match(r.text, /"id":"late-1"/);
    assert.equal(await server.exited, 0);
    assert.ok(server.logs.some((l) => l.includes('"event":"stopped"')));
  });

  it('refuses to start on a tampered bundle, naming the file', async () => {
    const tampered = path.join(dir, 'tampered');
    fs.cpSync(bundle, tampered, { recursive: true });
    fs.appendFileSync(path.join(tampered, 'strategy.json'), ' ');
    const r = await runCli(['rta', 'serve', '--bundle', tampered, '--features', features, '--port', '0', '--json'], dir);
    assert.equal(r.code, 1);
    const e = (JSON.parse(r.stderr) as { error: { code: string; message: string } }).error;
    assert.equal(e.code, 'HASH_MISMATCH');
    assert.match(e.message, /strategy\.json .* was changed after export/);
  });

  it('refuses a bad feature snapshot or bad options at start, naming the file, line and column', async () => {
    const lines = fs.readFileSync(features, 'utf8').trim().split('\n');
    const dup = path.join(dir, 'dup.csv');
    fs.writeFileSync(dup, `${[lines[0], lines[1], lines[2], lines[1]].join('\n')}\n`);
    const r1 = await runCli(['rta', 'serve', '--bundle', bundle, '--features', dup, '--port', '0', '--json'], dir);
    assert.equal(r1.code, 1);
    const e1 = (JSON.parse(r1.stderr) as { error: { code: string; message: string; details: { file: string; line: number } } }).error;
    assert.equal(e1.code, 'DUPLICATE_KEY');
    assert.match(e1.message, /appears on line 2 and again on line 4/);
    assert.deepEqual([e1.details.file, e1.details.line], [dup, 4]);
    const noColumn = path.join(dir, 'no-column.csv');
    fs.writeFileSync(noColumn, `${lines.slice(0, 3).map((l) => l.split(',').filter((_, k) => k !== 1).join(',')).join('\n')}\n`);
    const r2 = await runCli(['rta', 'serve', '--bundle', bundle, '--features', noColumn, '--port', '0', '--json'], dir);
    const e2 = (JSON.parse(r2.stderr) as { error: { code: string; message: string; details: { column: string } } }).error;
    assert.deepEqual([r2.code, e2.code, e2.details.column], [1, 'INVALID_ARGUMENT', lines[0]!.split(',')[1]]);
    assert.match(e2.message, /has no column '.+', an input of the bundle/);
    const r3 = await runCli(['rta', 'serve', '--bundle', bundle, '--features', features, '--lookup', 'oaid_md5,phone'], dir);
    assert.equal(r3.code, 2);
    assert.match(r3.stderr, /--lookup takes device id fields from .*; got 'phone'/);
    const r4 = await runCli(['rta', 'serve', '--bundle', bundle], dir);
    assert.equal(r4.code, 2);
    assert.match(r4.stderr, /--features/);
  });

  it('demo bundle refuses an existing output and writes nothing', async () => {
    const out = path.join(dir, 'again-features.csv');
    const r = await runCli(['demo', 'bundle', '--out', bundle, '--features-out', out, '--rows', '2000', '--json'], dir);
    assert.equal(r.code, 1);
    const e = (JSON.parse(r.stderr) as { error: { code: string; details: { file: string } } }).error;
    assert.deepEqual([e.code, e.details.file], ['ALREADY_EXISTS', bundle]);
    assert.equal(fs.existsSync(out), false);
  });

  it('runs only bundles signed by a trusted key: unsigned, re-hashed and foreign-signed bundles are refused, naming the file', async () => {
    const serve = (b: string, ...extra: string[]) => runCli(['rta', 'serve', '--bundle', b, '--features', features, '--port', '0', '--admin-port', '0', ...extra, '--json'], dir);
    const refusedWith = async (b: string, file: string, pattern: RegExp, ...extra: string[]) => {
      const r = await serve(b, ...extra);
      assert.equal(r.code, 1, r.stdout);
      const e = (JSON.parse(r.stderr) as { error: { code: string; message: string; details: { file: string } } }).error;
      assert.deepEqual([e.code, e.details.file], ['SIGNATURE_REFUSED', path.join(b, file)]);
      assert.match(e.message, pattern);
    };
    const unsigned = path.join(dir, 'unsigned');
    fs.cpSync(bundle, unsigned, { recursive: true });
    fs.rmSync(path.join(unsigned, SIGNATURE_FILE));
    await refusedWith(unsigned, SIGNATURE_FILE, /is not signed/);
    // The attack that worked before: change scorer.mjs and write its new sha256 into the manifest.
    const rehashed = path.join(dir, 'rehashed');
    fs.cpSync(bundle, rehashed, { recursive: true });
    fs.appendFileSync(path.join(rehashed, 'scorer.mjs'), '\nglobalThis.pwned = true;\n');
    const m = JSON.parse(fs.readFileSync(path.join(rehashed, 'manifest.json'), 'utf8')) as { files: { path: string; sha256: string; bytes: number }[] };
    const f = m.files.find((x) => x.path === 'scorer.mjs')!;
    const bytes = fs.readFileSync(path.join(rehashed, 'scorer.mjs'));
    f.sha256 = createHash('sha256').update(bytes).digest('hex'); f.bytes = bytes.length;
    fs.writeFileSync(path.join(rehashed, 'manifest.json'), `${JSON.stringify(m, null, 2)}\n`);
    await refusedWith(rehashed, 'manifest.json', /does not match its signature/);
    // Signed by someone else's key: refused unless that key is trusted.
    const foreign = path.join(dir, 'foreign');
    fs.cpSync(bundle, foreign, { recursive: true });
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const sig = signManifest(fs.readFileSync(path.join(foreign, 'manifest.json')), privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    fs.writeFileSync(path.join(foreign, SIGNATURE_FILE), JSON.stringify(sig));
    await refusedWith(foreign, SIGNATURE_FILE, new RegExp(`signed by key ${sig.keyId}, which this server does not trust`));
    const keyFile = path.join(dir, 'foreign.pub');
    fs.writeFileSync(keyFile, publicKey.export({ type: 'spki', format: 'pem' }));
    const trusted = await startRtaServer(['--bundle', foreign, '--features', features, '--trust', keyFile], dir);
    try {
      const h = JSON.parse((await request(trusted.port, 'GET', '/healthz')).body.toString()) as Record<string, unknown>;
      assert.equal(h.signedBy, sig.keyId);
    } finally {
      trusted.child.kill('SIGKILL');
    }
    const bad = await serve(bundle, '--trust', 'not-a-key');
    assert.equal((JSON.parse(bad.stderr) as { error: { details: { option: string } } }).error.details.option, 'trust');
    // The workbench's own key, as `jointscore signing-key` prints it, is what --trust takes.
    const own = json<{ keyId: string; publicKey: string }>(await runCli(['signing-key', '--json'], dir));
    const ok = await startRtaServer(['--bundle', bundle, '--features', features, '--trust', own.publicKey], dir);
    ok.child.kill('SIGKILL');
  });

  it('the admin port obeys only its token, never a browser; healthz tells no paths or pid; HTTP/2 probes are client errors', async () => {
    const a = await startRtaServer(['--bundle', bundle, '--features', features, '--log-sample', '0'], dir);
    try {
      const reload = (headers: Record<string, string>) => request(a.adminPort, 'POST', '/admin/reload', '{}', headers);
      assert.equal((await reload({ 'Content-Type': 'application/json' })).status, 401);
      assert.equal((await reload({ Authorization: `Bearer ${'0'.repeat(64)}`, 'Content-Type': 'application/json' })).status, 401, 'a wrong token');
      assert.equal((await reload({ ...adminHeaders(a.adminToken), Origin: 'http://evil.example' })).status, 403, 'a cross-site request');
      assert.equal((await reload({ Authorization: `Bearer ${a.adminToken}`, 'Content-Type': 'text/plain' })).status, 415, 'a "simple" cross-origin POST');
      assert.equal((await request(a.adminPort, 'GET', '/admin/status')).status, 401);
      const r = await reload(adminHeaders(a.adminToken));
      assert.equal(r.status, 200, r.body.toString());
      const unsigned = path.join(dir, 'unsigned');
      const refused = await request(a.adminPort, 'POST', '/admin/reload', JSON.stringify({ bundle: unsigned }), adminHeaders(a.adminToken));
      assert.equal(refused.status, 422);
      assert.match(refused.body.toString(), /is not signed/);
      for (const port of [a.port, a.adminPort]) {
        const h = (await request(port, 'GET', '/healthz')).body.toString();
        assert.doesNotMatch(h, new RegExp(`${dir}|"pid"|"bundle"|"features"`), h);
        assert.match(h, /"bundleVersion":"[0-9a-f]{16}"/);
      }
      const mode = (fs.statSync(JSON.parse(a.logs.find((l) => l.includes('"event":"listening"'))!).adminTokenFile as string).mode & 0o777).toString(8);
      assert.equal(mode, '600');
      const probe = await raw(a.port, ['GET /rta HTTP/2.0\r\nHost: x\r\n\r\n'], 1000);
      assert.match(probe.text, /^HTTP\/1\.1 505/);
      assert.equal(await metric(a.port, 'jointscore_rta_requests_total{outcome="internal_error"}'), 0);
      assert.equal(await metric(a.port, 'jointscore_rta_requests_total{outcome="client_error"}'), 1);
    } finally {
      a.child.kill('SIGKILL');
    }
  });

  it('with 2 workers, reloads (admin port, SIGHUP) under load lose no request; a failed reload keeps the old bundle serving', async () => {
    const b = await startRtaServer(['--bundle', bundle, '--features', features, '--workers', '2', '--log-sample', '0'], dir);
    try {
      const copy = path.join(dir, 'bundle-v2');
      fs.cpSync(bundle, copy, { recursive: true });
      const broken = path.join(dir, 'bundle-broken');
      fs.cpSync(bundle, broken, { recursive: true });
      fs.appendFileSync(path.join(broken, 'scorer.mjs'), '\n');
      let stop = false, sent = 0, failed = 0;
      const wrong: string[] = [];
      const known = rows.slice(0, 200);
      const loops = Array.from({ length: 8 }, async (_, k) => {
        const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
        for (let i = 0; !stop; i++) {
          const rec = known[(i * 8 + k) % known.length]!;
          sent++;
          try {
            const r = await postJson(b.port, { id: `l-${k}-${i}`, device: { oaid_md5: rec.device_id_md5 } }, agent);
            const a = body(r);
            const expected = scorer.score(rec).decision;
            if (r.status !== 200 || a.id !== `l-${k}-${i}` || (a.outcome === 'scored' && a.bid !== expected.bid) || (a.outcome !== 'scored' && a.outcome !== 'deadline')) wrong.push(`${r.status} ${a.outcome}`);
          } catch (e) {
            failed++;
            wrong.push((e as Error).message);
          }
        }
        agent.destroy();
      });
      const admin = (change?: object) => request(b.adminPort, 'POST', '/admin/reload', JSON.stringify(change ?? {}), adminHeaders(b.adminToken));
      await new Promise((r) => setTimeout(r, 300));
      const r1 = await admin({ bundle: copy });
      assert.equal(r1.status, 200, r1.body.toString());
      assert.equal((JSON.parse(r1.body.toString()) as { info: { generation: number; bundle: string } }).info.generation, 2);
      const r2 = await admin({ bundle: broken });
      assert.equal(r2.status, 422);
      assert.match((JSON.parse(r2.body.toString()) as { error: string }).error, /scorer\.mjs .* was changed after export/);
      b.child.kill('SIGHUP');
      let status = { generation: 0, bundle: '' };
      for (let t = 0; t < 100 && status.generation < 3; t++) {
        await new Promise((r) => setTimeout(r, 50));
        status = JSON.parse((await request(b.adminPort, 'GET', '/admin/status', undefined, adminHeaders(b.adminToken))).body.toString()) as typeof status;
      }
      assert.equal(status.generation, 3);
      assert.equal(status.bundle, copy, 'SIGHUP reads the serving paths again');
      await new Promise((r) => setTimeout(r, 300));
      stop = true;
      await Promise.all(loops);
      assert.equal(failed, 0, wrong.slice(0, 3).join('; '));
      assert.deepEqual(wrong, []);
      assert.ok(sent > 200, `requests under load: ${sent}`);
      assert.equal(await metric(b.port, 'jointscore_rta_workers'), 2);
      assert.equal(await metric(b.port, 'jointscore_rta_reloads_total{result="ok"}'), 4, 'two reloads × two workers');
      assert.equal(await metric(b.port, 'jointscore_rta_reloads_total{result="failed"}'), 2);
      const counted = ['bid', 'no_bid', 'unknown_user', 'deadline'].map((o) => metric(b.port, `jointscore_rta_requests_total{outcome="${o}"}`));
      assert.equal((await Promise.all(counted)).reduce((x, y) => x + y, 0), sent, 'every request counted once across the workers');
      // The public port's /metrics sums every worker too.
      const pub = (await request(b.port, 'GET', '/metrics')).body.toString();
      assert.match(pub, /^jointscore_rta_generation 3$/m);
    } finally {
      b.child.kill('SIGTERM');
      assert.equal(await b.exited, 0);
    }
  });
});
