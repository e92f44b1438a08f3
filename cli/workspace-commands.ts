import fs from 'node:fs';
import type { OutputEncoding } from '../service/contract';
import path from 'node:path';
import type { ColumnRole } from '../types/columns';
import { checkKnown, cliLocale, number, one, opt, required, UsageError } from './args';
import { table } from './format';
import { rowsCommand } from './rows-command';
import type { Shell } from './shell';

/** `jointscore workspace create|info PATH`. */
export async function workspaceCommand({ service, args, print }: Shell): Promise<void> {
  checkKnown(args, []);
  const sub = args.positionals[1];
  const p = args.positionals[2];
  if ((sub !== 'create' && sub !== 'info') || !p) throw new UsageError('usage: jointscore workspace create|info PATH');
  const ws = await service.call(sub === 'create' ? 'workspace.create' : 'workspace.open', { path: p });
  print(ws, () => `${sub === 'create' ? 'Created' : 'Workspace'} ${ws.path} (version ${ws.version}, ${ws.datasets.length} datasets)`);
}

/** `jointscore datasets [set-role|set-party|delete|rows] --workspace W …`. */
export async function datasetsCommand(sh: Shell): Promise<void> {
  const { service, args, print } = sh;
  const sub = args.positionals[1];
  if (sub === 'set-role') {
    checkKnown(args, ['workspace', 'dataset', 'column', 'role']);
    const d = await service.call('datasets.setRole', { workspace: required(args, 'workspace'), dataset: required(args, 'dataset'), column: required(args, 'column'), role: required(args, 'role') as ColumnRole });
    print(d, () => `Dataset '${d.name}': ${d.columns.map((c) => `${c.name} [${c.role}]`).join(', ')}`);
  } else if (sub === 'delete') {
    checkKnown(args, ['workspace', 'dataset']);
    const left = await service.call('datasets.delete', { workspace: required(args, 'workspace'), dataset: required(args, 'dataset') });
    print(left, () => `Deleted. Datasets left: ${left.map((d) => d.name).join(', ') || 'none'}.`);
  } else if (sub === 'rows') {
    await rowsCommand(service, args, print);
  } else if (sub === 'set-party') {
    checkKnown(args, ['workspace', 'dataset', 'party', 'column']);
    const column = one(args, 'column');
    const d = await service.call('datasets.setParty', { workspace: required(args, 'workspace'), dataset: required(args, 'dataset'), party: required(args, 'party'), ...(column !== undefined ? { column } : {}) });
    print(d, () => `Dataset '${d.name}' (party ${d.party}): ${d.columns.map((c) => `${c.name} [${c.party}]`).join(', ')}`);
  } else {
    checkKnown(args, ['workspace']);
    const list = await service.call('datasets.list', { workspace: required(args, 'workspace') });
    print(list, () => (list.length === 0 ? 'No datasets.' : table(['name', 'party', 'rows', 'columns', 'format', 'source', 'created'], list.map((d) => [d.name, d.party, d.rows, d.columnCount, d.format, path.basename(d.sourceFile), d.createdAt]))));
  }
}

/** `jointscore signing-key`: the public key a server's `--trust` takes. */
export async function signingKeyCommand({ service, args, print }: Shell): Promise<void> {
  checkKnown(args, []);
  const k = await service.call('signing.key', {});
  print(k, () => `This workbench signs bundles with key ${k.keyId}. A server trusts it with:\n  jointscore rta serve … --trust ${k.publicKey}\n(the private key stays in ${k.file}, readable by you only)`);
}

/** `jointscore pipeline --workspace W --dataset D --target T`. */
export async function pipelineCommand({ service, args, print }: Shell): Promise<void> {
  checkKnown(args, ['workspace', 'dataset', 'target']);
  const r = await service.call('pipeline.status', { workspace: required(args, 'workspace'), dataset: required(args, 'dataset'), target: required(args, 'target') });
  print(r, () => `Pipeline of '${r.dataset}' → ${r.target}:\n${table(['step', 'state', 'what', 'when'], r.steps.map((x) => [x.id, x.state === 'stale' ? `stale (${x.staleBecause} changed)` : x.state, x.detail, x.at ?? '']))}`);
}

/** `jointscore secret generate [PATH]`. */
export async function secretCommand({ service, args, print }: Shell): Promise<void> {
  checkKnown(args, []);
  const target = args.positionals[2];
  if (args.positionals[1] !== 'generate') throw new UsageError('usage: jointscore secret generate [PATH]');
  const r = await service.call('secret.generate', target ? { path: target } : {});
  print(r, () => `Wrote a new session secret to ${r.path}. Share it with the other party out of band, never with the data.`);
}

/** `jointscore demo generate|bundle …`. */
export async function demoCommand({ service, args, print, withJob }: Shell): Promise<void> {
  const sub = args.positionals[1];
  if (sub === 'bundle') {
    checkKnown(args, ['rows', 'seed', 'out', 'features-out', 'session-dir']);
    const rows = number(args, 'rows'), seed = number(args, 'seed'), sessionDir = one(args, 'session-dir');
    const r = await withJob((jobId) => service.call('demo.bundle', { out: required(args, 'out'), featuresOut: required(args, 'features-out'), jobId, ...opt('rows', rows), ...opt('seed', seed), ...opt('sessionDir', sessionDir) }));
    print(r, () => [
      `Bundle ${r.bundle} (and ${r.zip}): ${r.models.map((m) => `${m.key} model ${m.modelId}`).join(', ')}, strategy ${r.strategyId}; inputs ${r.inputs.join(', ')}.`,
      `Feature snapshot ${r.features}: ${r.snapshotIds.toLocaleString('en')} ids (${r.keyColumn}).${r.workspace ? ` Workspace kept: ${r.workspace}.` : ''} ${r.seconds.toFixed(1)} s.`,
      `Serve it: jointscore rta serve --bundle ${r.bundle} --features ${r.features}`,
    ].join('\n'));
    return;
  }
  checkKnown(args, ['rows', 'seed', 'out']);
  if (sub !== 'generate') throw new UsageError('usage: jointscore demo generate --rows N [--seed S] --out DIR | jointscore demo bundle --out DIR --features-out FILE');
  const rows = Number(required(args, 'rows'));
  const seed = Number(one(args, 'seed') ?? '1');
  if (!Number.isInteger(seed)) throw new UsageError(`--seed must be a whole number; got '${one(args, 'seed')}'`);
  const t = await withJob((jobId) => service.call('demo.generate', { rows, seed, out: required(args, 'out'), jobId }));
  print(t, () => `Wrote ${t.lender} (${t.lenderRows.toLocaleString('en')} rows) and ${t.partner} (${t.partnerRows.toLocaleString('en')} rows); ${t.shared.toLocaleString('en')} people in both.`);
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
export async function auditCommand({ service, args, print }: Shell): Promise<number | void> {
  const sub = args.positionals[1];
  const workspace = required(args, 'workspace');
  if (sub === 'verify') {
    checkKnown(args, ['workspace', 'anchor']);
    const a = one(args, 'anchor');
    const anchor = a === undefined ? null : auditAnchor(a);
    const v = await service.call('audit.verify', { workspace, ...(anchor ? { anchor } : {}) });
    print(v, () => (v.ok ? `Audit log intact: ${v.entries} entries${v.head ? `, ending at its recorded head (entry ${v.head.seq})` : ''}${anchor ? `, holding entry ${anchor.seq} as anchored` : ''}.` : v.truncated ? `Audit log CUT SHORT: entries from ${v.firstBroken} on were removed (it has ${v.entries}).` : `Audit log BROKEN at entry ${v.firstBroken} (of ${v.entries}).`));
    return v.ok ? 0 : 1;
  }
  if (sub === 'export') {
    checkKnown(args, ['workspace', 'out', 'format', 'out-encoding']);
    const format = one(args, 'format');
    if (format !== undefined && format !== 'csv' && format !== 'json') throw new UsageError(`--format takes csv or json; got '${format}'`);
    const encoding = one(args, 'out-encoding') as OutputEncoding | undefined;
    const r = await service.call('audit.export', { workspace, out: required(args, 'out'), ...(format ? { format } : {}), ...(encoding ? { encoding } : {}), lang: cliLocale(args) });
    print(r, () => `Wrote ${r.entries} audit entries to ${r.out} (${r.format}); hash chain ${r.verification.ok ? 'intact' : `BROKEN at entry ${r.verification.firstBroken}`}.`);
    return;
  }
  checkKnown(args, ['workspace']);
  if (sub !== 'list') throw new UsageError('usage: jointscore audit list|verify|export --workspace W [--out FILE]');
  const entries = await service.call('audit.list', { workspace, lang: cliLocale(args) });
  print(entries, () => table(['seq', 'at', 'action', 'what changed', 'hash'], entries.map((e) => [e.seq, e.at, e.action, e.summary, e.hash.slice(0, 12)])));
}
