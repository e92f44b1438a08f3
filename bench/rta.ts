import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { mulberry32 } from '../models/stats/random';
import { encodeRequest } from '../rta/protocol/proto-codec';

const IDS = Number(process.env.BENCH_RTA_IDS ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_RTA_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_RTA_CONNECTIONS ?? 16);
const TRIALS = Number(process.env.BENCH_RTA_TRIALS ?? 3);
const POOL = 20_000;
const CLI = path.resolve('bin/jointscore.cjs');

export interface LoadRun {
  label: string;
  workers: number;
  requests: number;
  rps: number;
  /** Latency percentiles, ms. */
  p50: number;
  p99: number;
  p999: number;
  /** Non-2xx answers (the malformed share is refused with 400) and socket errors (must be 0). */
  non2xx: number;
  socketErrors: number;
  outcomes: Record<string, number> | null;
  /** CPU the server's processes used during the run, in cores (user + system time / wall time); null off Linux. */
  serverCores: number | null;
  /** Every trial (this run is the median by req/s). */
  trials: { rps: number; perCore: number | null; p99: number }[];
}

export interface RtaBench {
  tool: string;
  ids: number;
  seconds: number;
  connections: number;
  trials: number;
  mix: { known: number; unknown: number; malformed: number; protobuf: number };
  runs: LoadRun[];
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

/** The 1 M-id snapshot: the demo snapshot's rows, repeated under new ids. */
function bigSnapshot(demo: string, out: string): void {
  const lines = fs.readFileSync(demo, 'utf8').trim().split('\n');
  const header = lines[0]!;
  const rest = lines.slice(1).map((l) => l.slice(l.indexOf(',')));
  const fd = fs.openSync(out, 'w');
  let buf = `${header}\n`;
  for (let i = 0; i < IDS; i++) {
    buf += md5(`bench-${i}`) + rest[i % rest.length]! + '\n';
    if (buf.length > 1 << 20) { fs.writeSync(fd, buf); buf = ''; }
  }
  fs.writeSync(fd, buf);
  fs.closeSync(fd);
}

/** 20 000 prepared requests: 1% malformed; of the rest 80% known ids, 20% unknown; every other one protobuf. */
function requestPool(file: string): RtaBench['mix'] {
  const rand = mulberry32(7);
  const malformed: [string, Buffer][] = [
    ['application/json', Buffer.from('{"id": "m1", "device": {')],
    ['application/json', Buffer.from('{"id": 42, "device": {"oaid_md5": "x"}}')],
    ['application/json', Buffer.from('{"device": {"oaid_md5": "abc"}}')],
    ['application/x-protobuf', Buffer.from([0x0a, 0x20, 0x61])],
  ];
  const parts: Buffer[] = [];
  let known = 0, unknown = 0, bad = 0, proto = 0;
  for (let j = 0; j < POOL; j++) {
    let ctype: string, body: Buffer;
    if (rand() < 0.01) { [ctype, body] = malformed[bad++ % malformed.length]!; }
    else {
      const isKnown = rand() < 0.8;
      const id = isKnown ? md5(`bench-${Math.floor(rand() * IDS)}`) : md5(`unknown-${j}`);
      if (isKnown) known++; else unknown++;
      const device = j % 4 < 2 ? { os: 'android' as const, oaid_md5: id } : { os: 'ios' as const, idfa_md5: id };
      const req = { id: `bench-${j}`, device, siteSetId: 25, slotId: `slot-${j % 50}`, strategyIds: ['s1'], requestTimeMs: 1_790_000_000_000 + j };
      if (j % 2 === 1) { proto++; ctype = 'application/x-protobuf'; body = encodeRequest(req); }
      else { ctype = 'application/json'; body = Buffer.from(JSON.stringify({ id: req.id, device, site_set_id: req.siteSetId, slot_id: req.slotId, strategy_ids: req.strategyIds, request_time_ms: req.requestTimeMs })); }
    }
    parts.push(Buffer.from(`${ctype}\n${body.length}\n`), body, Buffer.from('\n'));
  }
  fs.writeFileSync(file, Buffer.concat(parts));
  return { known: known / POOL, unknown: unknown / POOL, malformed: bad / POOL, protobuf: proto / POOL };
}

/** Starts a server process and resolves with its ports once its `listening` line appears. */
function startServer(args: string[]): Promise<{ child: ChildProcess; port: number; adminPort: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout!.on('data', (d: Buffer) => {
      text += d.toString();
      const line = text.split('\n').find((l) => l.includes('"listening"'));
      if (line) { const j = JSON.parse(line) as { port: number; adminPort?: number }; resolve({ child, port: j.port, adminPort: j.adminPort ?? null }); }
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening`)));
  });
}

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** User + system CPU seconds of `pid` and its child processes (cluster workers), from /proc; null off Linux. */
function treeCpuSeconds(pid: number): number | null {
  if (!fs.existsSync('/proc/self/stat')) return null;
  const stat = (p: string) => { try { return fs.readFileSync(`/proc/${p}/stat`, 'utf8'); } catch { return null; } };
  // Fields after the ")" closing the command name: state ppid … utime (14) stime (15).
  const fields = (text: string) => text.slice(text.lastIndexOf(')') + 2).split(' ');
  let ticks = 0;
  for (const p of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    const text = stat(p);
    if (!text) continue;
    const f = fields(text);
    if (Number(p) === pid || Number(f[1]) === pid) ticks += Number(f[11]) + Number(f[12]);
  }
  return ticks / CLOCK_TICKS;
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => { child.once('exit', () => resolve()); child.kill('SIGTERM'); });
}

async function outcomes(adminPort: number | null): Promise<Record<string, number> | null> {
  if (adminPort === null) return null;
  // A fresh connection each time (no keep-alive reuse racing the admin port's idle timeout).
  const text = await new Promise<string>((resolve, reject) => {
    http.get({ host: '127.0.0.1', port: adminPort, path: '/metrics', agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => resolve(body));
    }).on('error', reject);
  });
  const out: Record<string, number> = {};
  for (const m of text.matchAll(/^jointscore_rta_requests_total\{outcome="(\w+)"\} (\d+)$/gm)) if (Number(m[2]) > 0) out[m[1]!] = Number(m[2]);
  return out;
}

function wrk(port: number, pool: string, seconds: number): Omit<LoadRun, 'label' | 'workers' | 'outcomes' | 'serverCores' | 'trials'> {
  const script = path.resolve('bench/rta/wrk-mix.lua');
  const r = spawnSync('wrk', ['-t1', `-c${CONNECTIONS}`, `-d${seconds}s`, '--timeout', '2s', '-s', script, `http://127.0.0.1:${port}/rta`], { encoding: 'utf8', env: { ...process.env, JOINTSCORE_POOL: pool } });
  const line = r.stdout.split('\n').find((l) => l.startsWith('JSONRESULT '));
  if (!line) throw new Error(`wrk failed: ${r.stderr}${r.stdout}`);
  const j = JSON.parse(line.slice('JSONRESULT '.length)) as Record<string, number>;
  return { requests: j.requests!, rps: j.requests! / (j.duration_us! / 1e6), p50: j.p50! / 1000, p99: j.p99! / 1000, p999: j.p999! / 1000, non2xx: j.status!, socketErrors: j.connect! + j.read! + j.write! + j.timeout! };
}

async function autocannonRun(port: number, pool: string, seconds: number): Promise<Omit<LoadRun, 'label' | 'workers' | 'outcomes' | 'serverCores' | 'trials'>> {
  const autocannon = (await import('autocannon')).default as unknown as (o: object) => Promise<{ requests: { total: number; average: number }; latency: { p50: number; p99: number; p99_9: number }; non2xx: number; errors: number; timeouts: number; duration: number }>;
  const raw = fs.readFileSync(pool);
  const requests: { method: string; path: string; headers: Record<string, string>; body: Buffer }[] = [];
  for (let at = 0; at < raw.length;) {
    const nl1 = raw.indexOf(10, at), nl2 = raw.indexOf(10, nl1 + 1);
    const len = Number(raw.toString('latin1', nl1 + 1, nl2));
    requests.push({ method: 'POST', path: '/rta', headers: { 'content-type': raw.toString('latin1', at, nl1) }, body: raw.subarray(nl2 + 1, nl2 + 1 + len) });
    at = nl2 + 1 + len + 1;
  }
  let k = 0;
  const r = await autocannon({ url: `http://127.0.0.1:${port}`, connections: CONNECTIONS, duration: seconds, requests: [{ setupRequest: (req: object) => ({ ...req, ...requests[k++ % requests.length] }) }] });
  return { requests: r.requests.total, rps: r.requests.total / r.duration, p50: r.latency.p50, p99: r.latency.p99, p999: r.latency.p99_9, non2xx: r.non2xx, socketErrors: r.errors + r.timeouts };
}

/** `npm run bench -- rta`: the reference RTA server under a realistic mix, at 1 and 2 workers, against a bare Node HTTP server. */
export async function benchRta(): Promise<RtaBench> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jointscore-bench-rta-'));
  try {
    console.log('rta: building the demo bundle …');
    const demo = spawnSync(process.execPath, [CLI, 'demo', 'bundle', '--out', path.join(dir, 'bundle'), '--features-out', path.join(dir, 'demo-features.csv'), '--rows', '20000', '--seed', '5', '--json'], { encoding: 'utf8' });
    if (demo.status !== 0) throw new Error(`demo bundle failed: ${demo.stderr}`);
    const snapshot = path.join(dir, 'features.csv');
    bigSnapshot(path.join(dir, 'demo-features.csv'), snapshot);
    const pool = path.join(dir, 'pool.bin');
    const mix = requestPool(pool);
    const useWrk = spawnSync('wrk', ['--version']).error === undefined;
    const load = (port: number, seconds: number) => (useWrk ? Promise.resolve(wrk(port, pool, seconds)) : autocannonRun(port, pool, seconds));
    const runs: LoadRun[] = [];
    /** TRIALS measured loads on a warm server; the median by req/s is reported, with every trial's req/s and req/s per core. */
    const measure = async (label: string, workers: number, s: { child: ChildProcess; adminPort: number | null; port: number }): Promise<LoadRun> => {
      const trials: LoadRun[] = [];
      for (let t = 0; t < TRIALS; t++) {
        const before = await outcomes(s.port);
        const cpu0 = treeCpuSeconds(s.child.pid!);
        const run = await load(s.port, SECONDS);
        const cpu1 = treeCpuSeconds(s.child.pid!);
        const after = await outcomes(s.port);
        const delta = after && before ? Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - (before[k] ?? 0)])) : after;
        trials.push({ label, workers, ...run, outcomes: delta, serverCores: cpu0 === null || cpu1 === null ? null : (cpu1 - cpu0) / SECONDS, trials: [] });
      }
      const sorted = [...trials].sort((x, y) => x.rps - y.rps);
      const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
      return { ...median, trials: trials.map((t) => ({ rps: t.rps, perCore: t.serverCores ? t.rps / t.serverCores : null, p99: t.p99 })) };
    };
    const bare = `require('http').createServer((q, s) => { q.on('data', () => {}); q.on('end', () => { const b = '{"id":"x","code":0,"bid":false}'; s.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': b.length }); s.end(b); }); }).listen(0, '127.0.0.1', function () { console.log(JSON.stringify({ event: 'listening', port: this.address().port })); });`;
    {
      console.log('rta: reference …');
      const s = await startServer(['-e', bare]);
      await load(s.port, 2);
      runs.push(await measure('bare Node http server (reference: reads the body, answers a constant)', 1, s));
      await stop(s.child);
    }
    for (const workers of [1, 2]) {
      console.log(`rta: ${workers} worker(s) …`);
      const s = await startServer([CLI, 'rta', 'serve', '--bundle', path.join(dir, 'bundle'), '--features', snapshot, '--port', '0', '--workers', String(workers), '--log-sample', '0']);
      await load(s.port, 3);
      runs.push(await measure(`jointscore rta serve --workers ${workers}`, workers, s));
      await stop(s.child);
    }
    return { tool: useWrk ? 'wrk 4 (1 thread)' : 'autocannon (latency resolution 1 ms)', ids: IDS, seconds: SECONDS, connections: CONNECTIONS, trials: TRIALS, mix, runs };
  } finally {
    // BENCH_RTA_KEEP=1 keeps the bundle, snapshot and request pool (for profiling the server by hand).
    if (process.env.BENCH_RTA_KEEP) console.log(`rta: kept ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

export interface ChallengerThroughput {
  tool: string;
  seconds: number;
  /** Median req/s over alternating trials, one server process each. */
  without: number;
  withChallenger: number;
  share: number;
  ratio: number;
  trials: { without: number[]; withChallenger: number[] };
  p99: { without: number; withChallenger: number };
}

/**
 * `rta serve` with `--challenger` (a second copy of the demo bundle answering 10% of users) against
 * the same server without one: alternating trials on a warm server each, median req/s.
 */
export async function challengerThroughput(): Promise<ChallengerThroughput> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jointscore-bench-challenger-'));
  try {
    const demo = spawnSync(process.execPath, [CLI, 'demo', 'bundle', '--out', path.join(dir, 'bundle'), '--features-out', path.join(dir, 'demo-features.csv'), '--rows', '20000', '--seed', '5', '--json'], { encoding: 'utf8' });
    if (demo.status !== 0) throw new Error(`demo bundle failed: ${demo.stderr}`);
    fs.cpSync(path.join(dir, 'bundle'), path.join(dir, 'challenger'), { recursive: true });
    const snapshot = path.join(dir, 'features.csv');
    bigSnapshot(path.join(dir, 'demo-features.csv'), snapshot);
    const pool = path.join(dir, 'pool.bin');
    requestPool(pool);
    const useWrk = spawnSync('wrk', ['--version']).error === undefined;
    const load = (port: number, seconds: number) => (useWrk ? Promise.resolve(wrk(port, pool, seconds)) : autocannonRun(port, pool, seconds));
    const base = [CLI, 'rta', 'serve', '--bundle', path.join(dir, 'bundle'), '--features', snapshot, '--port', '0', '--log-sample', '0'];
    const configs = { without: base, withChallenger: [...base, '--challenger', path.join(dir, 'challenger'), '--challenger-share', '0.1'] };
    const servers = { without: await startServer(configs.without), withChallenger: await startServer(configs.withChallenger) };
    const trials = { without: [] as number[], withChallenger: [] as number[] };
    const p99s = { without: [] as number[], withChallenger: [] as number[] };
    try {
      for (const k of ['without', 'withChallenger'] as const) await load(servers[k].port, 3);
      for (let t = 0; t < TRIALS; t++) for (const k of ['without', 'withChallenger'] as const) {
        const r = await load(servers[k].port, SECONDS);
        trials[k].push(r.rps);
        p99s[k].push(r.p99);
      }
    } finally {
      await Promise.all(Object.values(servers).map((s) => stop(s.child)));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
    const without = median(trials.without), withChallenger = median(trials.withChallenger);
    return { tool: useWrk ? 'wrk 4 (1 thread)' : 'autocannon', seconds: SECONDS, without, withChallenger, share: 0.1, ratio: withChallenger / without, trials, p99: { without: median(p99s.without), withChallenger: median(p99s.withChallenger) } };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
