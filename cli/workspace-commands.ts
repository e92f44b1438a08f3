import fs from 'node:fs';
import type { DemoDrift, OutputEncoding } from '../service/contract';
import path from 'node:path';
import type { ColumnRole } from '../types/columns';
import { checkKnown, cliLocale, number, one, opt, required, UsageError } from './args';
import { table } from './format';
import { headers } from './words';
import { codeWord } from '../i18n/code-word';
import { phraseSaid } from '../i18n/phrase-said';
import { rowsCommand } from './rows-command';
import type { Shell } from './shell';

/** `jointscore workspace create|info PATH`. */
export async function workspaceCommand({ service, args, print, tr }: Shell): Promise<void> {
  checkKnown(args, []);
  const sub = args.positionals[1];
  const p = args.positionals[2];
  if ((sub !== 'create' && sub !== 'info') || !p) throw new UsageError('usage: jointscore workspace create|info PATH');
  const ws = await service.call(sub === 'create' ? 'workspace.create' : 'workspace.open', { path: p });
  print(ws, () => tr.t(sub === 'create' ? 'cli.ws.created' : 'cli.ws.info', { path: ws.path, version: ws.version, datasets: ws.datasets.length }));
}

/** `jointscore datasets [set-role|set-party|delete|rows] --workspace W …`. */
export async function datasetsCommand(sh: Shell): Promise<void> {
  const { service, args, print, tr } = sh;
  const sub = args.positionals[1];
  if (sub === 'set-role') {
    checkKnown(args, ['workspace', 'dataset', 'column', 'role']);
    const d = await service.call('datasets.setRole', { workspace: required(args, 'workspace'), dataset: required(args, 'dataset'), column: required(args, 'column'), role: required(args, 'role') as ColumnRole });
    print(d, () => tr.t('cli.ds.roles', { name: d.name, columns: d.columns.map((c) => `${c.name} [${codeWord(tr, 'role', c.role)}]`).join(', ') }));
  } else if (sub === 'delete') {
    checkKnown(args, ['workspace', 'dataset']);
    const left = await service.call('datasets.delete', { workspace: required(args, 'workspace'), dataset: required(args, 'dataset') });
    print(left, () => tr.t('cli.ds.deleted', { names: left.map((d) => d.name).join(', ') || tr.t('cli.rta.none') }));
  } else if (sub === 'rows') {
    await rowsCommand(sh);
  } else if (sub === 'set-party') {
    checkKnown(args, ['workspace', 'dataset', 'party', 'column']);
    const column = one(args, 'column');
    const d = await service.call('datasets.setParty', { workspace: required(args, 'workspace'), dataset: required(args, 'dataset'), party: required(args, 'party'), ...(column !== undefined ? { column } : {}) });
    print(d, () => tr.t('cli.ds.parties', { name: d.name, party: codeWord(tr, 'party', d.party), columns: d.columns.map((c) => `${c.name} [${codeWord(tr, 'party', c.party)}]`).join(', ') }));
  } else {
    checkKnown(args, ['workspace']);
    const list = await service.call('datasets.list', { workspace: required(args, 'workspace') });
    print(list, () => (list.length === 0 ? tr.t('cli.ds.none') : table(headers(tr, ['name', 'party', 'rows', 'columns', 'format', 'source', 'created']), list.map((d) => [d.name, codeWord(tr, 'party', d.party), d.rows, d.columnCount, codeWord(tr, 'cli.format', d.format), d.sourceFile.startsWith('join:') ? tr.t('cli.source.join', { sources: d.sourceFile.slice(5) }) : path.basename(d.sourceFile), d.createdAt]))));
  }
}

/** `jointscore signing-key`: the public key a server's `--trust` takes. */
export async function signingKeyCommand({ service, args, print, tr }: Shell): Promise<void> {
  checkKnown(args, []);
  const k = await service.call('signing.key', {});
  print(k, () => tr.t('cli.signingKey', { keyId: k.keyId, publicKey: k.publicKey, file: k.file }));
}

/** `jointscore pipeline --workspace W --dataset D --target T`. */
export async function pipelineCommand({ service, args, print, tr }: Shell): Promise<void> {
  checkKnown(args, ['workspace', 'dataset', 'target']);
  const r = await service.call('pipeline.status', { workspace: required(args, 'workspace'), dataset: required(args, 'dataset'), target: required(args, 'target') });
  print(r, () => `${tr.t('cli.pipeline', { dataset: r.dataset, target: r.target })}\n${table(headers(tr, ['step', 'state', 'what', 'when']), r.steps.map((x) => [codeWord(tr, 'pipeline', x.id), x.state === 'stale' ? tr.t('cli.pipeline.stale', { step: codeWord(tr, 'pipeline', x.staleBecause) }) : codeWord(tr, 'pipeline.state', x.state), phraseSaid(x.said, tr), x.at ?? '']))}`);
}

/** `jointscore secret generate [PATH]`. */
export async function secretCommand({ service, args, print, tr }: Shell): Promise<void> {
  checkKnown(args, []);
  const target = args.positionals[2];
  if (args.positionals[1] !== 'generate') throw new UsageError('usage: jointscore secret generate [PATH]');
  const r = await service.call('secret.generate', target ? { path: target } : {});
  print(r, () => tr.t('cli.secret', { path: r.path }));
}

/** `jointscore demo generate|bundle …`. */
export async function demoCommand({ service, args, print, withJob, tr }: Shell): Promise<void> {
  const sub = args.positionals[1];
  if (sub === 'bundle') {
    checkKnown(args, ['rows', 'seed', 'out', 'features-out', 'session-dir']);
    const rows = number(args, 'rows'), seed = number(args, 'seed'), sessionDir = one(args, 'session-dir');
    const r = await withJob((jobId) => service.call('demo.bundle', { out: required(args, 'out'), featuresOut: required(args, 'features-out'), jobId, ...opt('rows', rows), ...opt('seed', seed), ...opt('sessionDir', sessionDir) }));
    print(r, () => [
      tr.t('cli.demo.bundle', { bundle: r.bundle, zip: r.zip, models: r.models.map((m) => tr.t('cli.demo.model', { key: codeWord(tr, 'purpose', m.key), id: m.modelId })).join(', '), strategy: r.strategyId, inputs: r.inputs.join(', ') }),
      tr.t('cli.demo.snapshot', { features: r.features, ids: r.snapshotIds, key: r.keyColumn, seconds: r.seconds.toFixed(1) }) + (r.workspace ? tr.t('cli.demo.kept', { workspace: r.workspace }) : ''),
      tr.t('cli.demo.serve', { bundle: r.bundle, features: r.features }),
    ].join('\n'));
    return;
  }
  if (sub === 'campaign') {
    checkKnown(args, ['rows', 'seed', 'out']);
    const seed = Number(one(args, 'seed') ?? '1');
    if (!Number.isInteger(seed)) throw new UsageError(`--seed must be a whole number; got '${one(args, 'seed')}'`);
    const r = await withJob((jobId) => service.call('demo.campaign', { rows: Number(required(args, 'rows')), seed, out: required(args, 'out'), jobId }));
    print(r, () => tr.t('cli.demo.campaign', { customers: r.customers, rows: r.rows, truth: r.truth, control: Math.round(r.controlShare * 100) }));
    return;
  }
  checkKnown(args, ['rows', 'seed', 'out', 'drift', 'truth']);
  if (sub !== 'generate') throw new UsageError('usage: jointscore demo generate --rows N [--seed S] [--drift COLUMN:MONTH[+MONTH…]:*K|+K|missing]… --out DIR | jointscore demo bundle --out DIR --features-out FILE');
  const rows = Number(required(args, 'rows'));
  const seed = Number(one(args, 'seed') ?? '1');
  if (!Number.isInteger(seed)) throw new UsageError(`--seed must be a whole number; got '${one(args, 'seed')}'`);
  const drift = (args.flags.get('drift') ?? []).map(parseDrift);
  const t = await withJob((jobId) => service.call('demo.generate', { rows, seed, out: required(args, 'out'), jobId, ...(drift.length ? { drift } : {}), ...(args.booleans.has('truth') ? { truth: true } : {}) }));
  print(t, () => tr.t('cli.demo.generated', { lender: t.lender, lenderRows: t.lenderRows, partner: t.partner, partnerRows: t.partnerRows, shared: t.shared }));
}

/** `--drift COLUMN:MONTH[+MONTH…]:*K|+K|missing`, e.g. `finance_min:2025-10+2025-11:*2`. */
function parseDrift(spec: string): DemoDrift {
  const m = /^([a-z_]+):([0-9-]+(?:\+[0-9-]+)*):(\*|\+|-)?([0-9.]+|missing)$/.exec(spec);
  if (!m) throw new UsageError(`--drift takes COLUMN:MONTH[+MONTH…]:*K, +K, -K or missing; got '${spec}'`);
  const [, column, months, op, value] = m;
  if (value === 'missing') return { column: column!, months: months!.split('+'), change: 'missing', by: 0 };
  if (!op) throw new UsageError(`--drift needs *K, +K or -K before the number; got '${spec}'`);
  return { column: column!, months: months!.split('+'), change: op === '*' ? 'scale' : 'shift', by: op === '-' ? -Number(value) : Number(value) };
}

/** `--anchor SEQ:HASH` (the last row of an audit export), or an exported bundle (its folder or manifest.json) whose manifest holds one. */
function auditAnchor(a: string): { seq: number; hash: string } {
  const m = /^(\d+):([0-9a-f]{64})$/.exec(a);
  if (m) return { seq: Number(m[1]), hash: m[2]! };
  const manifest = fs.existsSync(a) && fs.statSync(a).isDirectory() ? path.join(a, 'manifest.json') : a;
  if (!fs.existsSync(manifest)) throw new UsageError(`--anchor takes SEQ:HASH (the last row of an audit export) or an exported bundle's folder; got '${a}'`);
  const audit = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { audit?: { seq: number; hash: string } | null }).audit;
  if (!audit) throw new UsageError(`${manifest} holds no audit anchor (bundles exported before Jointscore recorded one do not)`);
  return audit;
}

/** `jointscore audit list|verify|export --workspace W …`; verify exits 1 when the log is broken or cut short. */
export async function auditCommand({ service, args, print, tr }: Shell): Promise<number | void> {
  const sub = args.positionals[1];
  const workspace = required(args, 'workspace');
  if (sub === 'verify') {
    checkKnown(args, ['workspace', 'anchor']);
    const a = one(args, 'anchor');
    const anchor = a === undefined ? null : auditAnchor(a);
    const v = await service.call('audit.verify', { workspace, ...(anchor ? { anchor } : {}) });
    print(v, () => (v.ok ? tr.t('cli.audit.intact', { entries: v.entries, head: v.head ? tr.t('cli.audit.head', { seq: v.head.seq }) : '', anchor: anchor ? tr.t('cli.audit.anchor', { seq: anchor.seq }) : '' }) : v.truncated ? tr.t('cli.audit.truncated', { from: v.firstBroken ?? '', entries: v.entries }) : tr.t('cli.audit.broken', { at: v.firstBroken ?? '', entries: v.entries })));
    return v.ok ? 0 : 1;
  }
  if (sub === 'export') {
    checkKnown(args, ['workspace', 'out', 'format', 'out-encoding']);
    const format = one(args, 'format');
    if (format !== undefined && format !== 'csv' && format !== 'json') throw new UsageError(`--format takes csv or json; got '${format}'`);
    const encoding = one(args, 'out-encoding') as OutputEncoding | undefined;
    const r = await service.call('audit.export', { workspace, out: required(args, 'out'), ...(format ? { format } : {}), ...(encoding ? { encoding } : {}), lang: cliLocale(args) });
    print(r, () => tr.t(r.verification.ok ? 'cli.audit.exported' : 'cli.audit.exportedBroken', { entries: r.entries, out: r.out, format: r.format, at: r.verification.firstBroken ?? '' }));
    return;
  }
  checkKnown(args, ['workspace']);
  if (sub !== 'list') throw new UsageError('usage: jointscore audit list|verify|export --workspace W [--out FILE]');
  const entries = await service.call('audit.list', { workspace, lang: cliLocale(args) });
  print(entries, () => table(headers(tr, ['seq', 'at', 'action', 'what changed', 'hash']), entries.map((e) => [e.seq, e.at, e.action, e.summary, e.hash.slice(0, 12)])));
}
