import { DEFAULT_LOOKUP_ORDER } from '../rta/decision/decide-request';
import { DEVICE_ID_FIELDS, type DeviceIdField, type OsType } from '../rta/protocol/rta-message';
import type { RtaTrialRequest } from '../service/rta/trial-servers';
import { DEFAULT_HTTP_OPTIONS } from '../rta/server/rta-http';
import type { RtaServeOptions } from '../rta/server/rta-options';
import { startRta } from '../rta/server/start-rta';
import { MAX_BID_COEFFICIENT, MIN_BID_COEFFICIENT, type CellDecision } from '../types/strategy';
import path from 'node:path';
import { existingSigningKey } from '../service/signing/signing-key';
import { checkKnown, list, number, one, required, UsageError, type ParsedArgs } from './args';
import type { Shell } from './shell';

const FLAGS = ['bundle', 'features', 'trust', 'admin-token-file', 'port', 'host', 'workers', 'admin-port', 'deadline-ms', 'max-body-bytes', 'headers-timeout-ms', 'keep-alive-ms', 'cache-seconds', 'strategy-id', 'lookup', 'default', 'log-sample', 'grace-ms', 'challenger', 'challenger-features', 'challenger-share'];

function whole(args: ParsedArgs, flag: string, fallback: number, min: number, max: number): number {
  const v = number(args, flag) ?? fallback;
  if (!Number.isInteger(v) || v < min || v > max) throw new UsageError(`--${flag} must be a whole number from ${min} to ${max}; got ${v}`);
  return v;
}

function defaultDecision(text: string | undefined): CellDecision | null {
  if (text === undefined) return null;
  if (text === 'no-bid') return { action: 'no-bid', coefficient: 1 };
  const m = /^bid(?::([0-9.]+))?$/.exec(text);
  const k = m ? Number(m[1] ?? 1) : NaN;
  if (!(k >= MIN_BID_COEFFICIENT && k <= MAX_BID_COEFFICIENT)) throw new UsageError(`--default takes no-bid or bid:K with K from ${MIN_BID_COEFFICIENT} to ${MAX_BID_COEFFICIENT}; got '${text}'`);
  return { action: 'bid', coefficient: k };
}

/**
 * The keys whose signed bundles the server runs: every `--trust KEY|FILE`, else this machine's
 * own workbench key (a server tried where the bundle was exported); never none.
 */
function trustedKeys(args: ParsedArgs, settingsDir: string): string[] {
  const given = args.flags.get('trust') ?? [];
  if (given.length > 0) return given;
  const own = existingSigningKey(settingsDir);
  if (!own) throw new UsageError('rta serve runs only signed bundles: pass --trust KEY (the public key `jointscore signing-key` prints on the exporting workbench)');
  return [own.publicKey];
}

/** `--challenger DIR [--challenger-features FILE] [--challenger-share 0.1]`: the challenger answering a stable share of users. */
function challengerOf(args: ParsedArgs): RtaServeOptions['source']['challenger'] {
  const bundle = one(args, 'challenger');
  const features = one(args, 'challenger-features');
  const share = number(args, 'challenger-share');
  if (bundle === undefined) {
    if (features !== undefined || share !== undefined) throw new UsageError(`--${features !== undefined ? 'challenger-features' : 'challenger-share'} needs --challenger DIR`);
    return null;
  }
  const s = share ?? 0.1;
  if (!(s > 0 && s < 1)) throw new UsageError(`--challenger-share is a share above 0 and below 1; got ${s}`);
  return { bundle, share: s, ...(features !== undefined ? { features } : {}) };
}

/** The options of `jointscore rta serve`, checked. */
export function rtaServeOptions(args: ParsedArgs, settingsDir: string): RtaServeOptions {
  checkKnown(args, FLAGS);
  const lookup = list(one(args, 'lookup')) ?? [...DEFAULT_LOOKUP_ORDER];
  const unknown = lookup.find((f) => !(DEVICE_ID_FIELDS as readonly string[]).includes(f));
  if (unknown) throw new UsageError(`--lookup takes device id fields from ${DEVICE_ID_FIELDS.join(', ')}; got '${unknown}'`);
  const port = whole(args, 'port', 8089, 0, 65535);
  const logSample = number(args, 'log-sample') ?? 0.01;
  if (!(logSample >= 0 && logSample <= 1)) throw new UsageError(`--log-sample is a share from 0 to 1; got ${logSample}`);
  return {
    source: { bundle: required(args, 'bundle'), features: required(args, 'features'), challenger: challengerOf(args) },
    port, host: one(args, 'host') ?? '127.0.0.1',
    adminPort: whole(args, 'admin-port', port === 0 ? 0 : port + 1, 0, 65535),
    workers: whole(args, 'workers', 1, 1, 64),
    deadlineMs: whole(args, 'deadline-ms', DEFAULT_HTTP_OPTIONS.deadlineMs, 1, 60_000),
    maxBodyBytes: whole(args, 'max-body-bytes', DEFAULT_HTTP_OPTIONS.maxBodyBytes, 64, 16 << 20),
    headersTimeoutMs: whole(args, 'headers-timeout-ms', DEFAULT_HTTP_OPTIONS.headersTimeoutMs, 100, 600_000),
    keepAliveTimeoutMs: whole(args, 'keep-alive-ms', DEFAULT_HTTP_OPTIONS.keepAliveTimeoutMs, 100, 3_600_000),
    cacheSeconds: whole(args, 'cache-seconds', 300, 0, 86_400),
    strategyIds: (args.flags.get('strategy-id') ?? []).flatMap((v) => list(v) ?? []),
    lookupOrder: lookup as DeviceIdField[],
    defaultDecision: defaultDecision(one(args, 'default')),
    logSample,
    graceMs: whole(args, 'grace-ms', 5000, 0, 600_000),
    trust: trustedKeys(args, settingsDir),
    adminTokenFile: path.resolve(one(args, 'admin-token-file') ?? path.join(settingsDir, 'rta', `admin-${process.pid}.token`)),
  };
}

/**
 * `jointscore rta serve`: serves until SIGINT/SIGTERM (graceful), reloads on SIGHUP. JSON log
 * lines go to stdout (the first: `listening`, with the ports); a short banner to stderr.
 */
export async function rtaServe(args: ParsedArgs, io: { out: (s: string) => void; err: (s: string) => void }, settingsDir: string): Promise<number> {
  const opts = rtaServeOptions(args, settingsDir);
  const handle = await startRta(opts, io.out);
  const info = handle.coordinator.info;
  io.err(`RTA server on http://${opts.host}:${handle.port}/rta (admin http://127.0.0.1:${handle.adminPort}, token in ${opts.adminTokenFile}), ${Math.max(1, opts.workers)} worker(s); bundle ${info.bundleVersion} signed by ${info.signedBy}, ${info.snapshotIds.toLocaleString('en')} ids. Ctrl-C stops; SIGHUP or POST /admin/reload reloads.`);
  const onHup = () => { void handle.coordinator.reload(); };
  process.on('SIGHUP', onHup);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  process.off('SIGHUP', onHup);
  await handle.stop();
  return 0;
}

const DEVICE_FLAGS = DEVICE_ID_FIELDS.map((f) => f.replace(/_/g, '-'));

/** `jointscore rta request`: one bid request to a running RTA server (a smoke test for pipelines), through the service. */
export async function rtaRequestCommand(sh: Shell): Promise<void> {
  const { service, args, print, tr } = sh;
  checkKnown(args, ['port', 'host', 'id', 'os', 'strategy-id', 'test', ...DEVICE_FLAGS]);
  const device: RtaTrialRequest['device'] = {};
  DEVICE_ID_FIELDS.forEach((f, k) => { const v = one(args, DEVICE_FLAGS[k]!); if (v !== undefined) device[f] = v; });
  const os = one(args, 'os');
  if (os !== undefined) device.os = os as OsType;
  const host = one(args, 'host'), id = one(args, 'id');
  const r = await service.call('rta.request', {
    port: whole(args, 'port', 0, 1, 65535), device, test: args.booleans.has('test'),
    strategyIds: (args.flags.get('strategy-id') ?? []).flatMap((v) => list(v) ?? []),
    ...(host !== undefined ? { host } : {}), ...(id !== undefined ? { id } : {}),
  });
  print(r, () => {
    const a = r.answer as { outcome?: string; bid?: boolean; bid_coefficient?: number; strategy_ids?: string[]; targeting_score?: number; credit_score?: number; cell?: number[]; reason_codes?: string[]; error?: string };
    if (r.status !== 200) return `HTTP ${r.status}: ${a.error ?? ''} (${r.ms.toFixed(1)} ms)`;
    const scores = a.targeting_score !== undefined ? tr.t('cli.rta.scores', { targeting: a.targeting_score, credit: a.credit_score ?? '', cell: a.cell?.join(',') ?? '', reasons: a.reason_codes?.join(', ') || tr.t('cli.rta.none') }) : '';
    const decision = a.bid ? tr.t('cli.rta.bid', { coefficient: a.bid_coefficient ?? '', strategies: a.strategy_ids?.join(', ') || tr.t('cli.rta.everyStrategy') }) : tr.t('cli.rta.noBid');
    return `${a.outcome}: ${decision}${scores} (${r.ms.toFixed(1)} ms)`;
  });
}
