import { parseDelimiterOption, parseEncodingOption } from '../service/import-options';
import { AppError, toWireError } from '../types/errors';
import type { ColumnRole, ColumnType } from '../types/columns';
import { createService, type Service } from '../service/create-service';
import type { DelimiterOption, DuplicatePolicy, EncodingOption, HashAlgorithm, JoinHow, KeyKind, ServiceEvents } from '../service/contract';
import { defaultSettingsDir } from '../service/recent-workspaces';
import { VERSION } from '../service/version';
import { phraseError, phraseErrorDetails } from '../i18n/phrase-error';
import { translator, type Translator } from '../i18n/translate';
import { checkKnown, cliLocale, one, pairs, parseArgs, required, UsageError, type ParsedArgs } from './args';
import { num, percent, table } from './format';
import { headers } from './words';
import { codeWord } from '../i18n/code-word';
import { phraseSaid } from '../i18n/phrase-said';
import { ProgressBar } from './progress-bar';
import { serveBrowserMode } from './serve';
import { binCommand } from './bin-command';
import { inferCommand } from './infer-command';
import { upliftCommand } from './uplift-command';
import { dependenceCommand, evaluateCommand, explainCommand, funnelCommand, modelsCommand, scorecardCommand, selectCommand, splitCommand, trainCommand } from './model-commands';
import { auditCommand, datasetsCommand, demoCommand, pipelineCommand, secretCommand, signingKeyCommand, workspaceCommand } from './workspace-commands';
import type { Io, Shell } from './shell';
import { strategyCommand } from './strategy-commands';
import { exportCommand, scoreCommand } from './export-commands';
import { monitorCommand } from './monitor-command';
import { rtaRequestCommand, rtaServe } from './rta-command';
import { psiCommand } from './psi-command';
import { runClusterWorker, WORKER_ENV } from '../rta/server/cluster';
import { addSnapshotReader } from '../rta/snapshot/read-snapshot';
import { datasetSnapshotReader } from '../service/rta/dataset-snapshot';
import cluster from 'node:cluster';

const BOOLEAN_FLAGS = new Set(['json', 'quiet', 'help', 'version', 'no-open', 'upper', 'undo', 'redo', 'reset', 'no-round', 'test', 'no-selection', 'matched-first', 'overwrite', 'all-rows', 'no-weight', 'truth', 'iterate']);

/** The command line's usage, its notes in the reader's language (the commands and flags are typed as written). */
export function usage({ t }: Translator = translator('en')): string {
  return `jointscore ${VERSION} — ${t('cli.usage.title')}

${t('cli.usage.usage')}
  jointscore workspace create PATH [--json]
  jointscore workspace info PATH [--json]
  jointscore preview FILE [--encoding auto|utf8|gbk] [--delimiter auto|,|;|tab|'|'] [--sheet S] [--json]
  jointscore import FILE --workspace W [--name N] [--party P] [--encoding auto|utf8|gbk]
                 [--delimiter auto|,|;|tab|'|'] [--sheet S] [--type COL=numeric|categorical|date|key|text]...
                 [--role COL=key|target|time|sample|feature|exclude]... [--drop COL]... [--hash COL --secret-file F] [--not-pii COL=REASON]... [--json]
  jointscore datasets --workspace W [--json]
  jointscore datasets set-party --workspace W --dataset N --party P [--column C] [--json]
  jointscore datasets set-role --workspace W --dataset N --column C --role key|target|time|sample|feature|exclude [--json]
  jointscore datasets delete --workspace W --dataset N [--json]
  jointscore datasets rows --workspace W --dataset N [--offset 0] [--limit 20] [--columns a,b] [--sort COL[:desc]]
                 [--filter "COL >= 30" | "COL ~ text" | "COL missing"] [--matched-first] [--json]
  jointscore secret generate [PATH] [--json]    (${t('cli.usage.aNewBitSession')})
  jointscore pipeline --workspace W --dataset N --target COL [--json]   (${t('cli.usage.eachStepNotDone')})
  jointscore profile --workspace W --dataset N [--target COL] [--event VALUE] [--json]
  jointscore pseudonymize IN --key COL --key-kind phone|idcard|device|imei|idfa|oaid|caid|email|text
                 [--hash hmac-sha256|sha256|md5] [--secret-file F] [--upper] --out OUT [--drop COL]... [--not-pii COL=REASON]... [--workspace W] [--overwrite] [--json]
  jointscore psi start --input FILE --key COL --key-kind phone|idcard|device|… --out request.psi [--secret-out a.key]
  jointscore psi respond --request request.psi --input FILE --key COL --key-kind … --out response.psi [--secret-out b.key]
  jointscore psi finish --request-state a.key --response response.psi --out matches.csv [--reveal-to-partner reveal.psi]
  jointscore psi apply --state a.key|b.key (--matches matches.csv | --reveal reveal.psi) --input FILE --out FILE [--token-column psi_token] [--all-rows]
                 (private set intersection by exchanged files: each party learns the intersection and the other's count, nothing else)
  jointscore join --workspace W --left A --right B --on KEY [--right-on KEY2] [--how inner|left]
                 [--duplicates refuse|first|last] --name N [--json]
  jointscore bin --workspace W --dataset N --target COL [--event VALUE] [--sample train|all|…]
                 [--method optimal|chimerge|tree|quantile|uniform] [--monotonic auto|ascending|descending|peak|valley|none]
                 [--max-bins 8] [--min-bin-share CV] [--min-bin-events 1] [--max-prebins 50] [--special -999,-1] [--vars a,b] [--tune none|monotonic,minBinShare] [--weight COL|--no-weight] [--json]
  jointscore bin list --workspace W --dataset N [--json]
  jointscore bin delete --workspace W --dataset N --target COL --event V --sample S [--json]
  jointscore bin show --workspace W --dataset N --target COL [--event V] [--sample S] [--var V] [--json]
  jointscore bin edit --workspace W --dataset N --target COL [--event V] [--sample S] --var V
                 (--cuts 1.5,3,10 | --merge BIN | --split X | --move CATEGORY --to GROUP|new | --refit TREND | --undo | --redo | --reset) [--json]
                 (${t('cli.usage.cutsCCkMake')})
  jointscore bin woe --workspace W --dataset N --target COL [--event V] [--sample S] [--apply-to DATASET] [--vars a,b] --name OUT [--json]
                 (${t('cli.usage.aNewDatasetOf')})
  jointscore split --workspace W --dataset N (--random 0.7 [--seed S] [--stratify COL] | --time COL --oot-from V [--test-from V]
                 | --by-column COL) [--name sample] [--target COL] [--json]   (${t('cli.usage.writesTheSampleColumn')})
  jointscore select --workspace W --dataset N --target COL [--event V] [--population "col=v"] [--min-iv 0.02] [--max-psi 0.25]
                 [--max-corr 0.7] [--max-vif 10] [--stepwise both|forward|backward|none] [--criterion aic|bic|p]
                 [--include a,b] [--exclude c,d] [--json]      (${t('cli.usage.onTheWoeVariables')})
  jointscore select show --workspace W --dataset N --target COL [--event V] [--population "col=v"] [--json]   (${t('cli.usage.theSelectionTrainUses')})
  jointscore train --workspace W --dataset N --target COL [--event 1] [--purpose targeting|credit] [--population "drew_down=1"]
                 --model scorecard-lr|logistic|mlp|gbdt [--features a,b] [--binning-sample S] [--split COL] [--l2 λ] [--l1 λ] [--solver newton|adam] [--min-iv 0.02]
                 [--hidden 32,16] [--dropout 0.1] [--epochs 30] [--batch-size auto] [--learning-rate 0.001] [--patience 4]
                 [--class-weight balanced|none] [--seed S] [--woe true] [--name NAME] [--allow COL]... [--no-selection] [--weight COL|--no-weight] [--json]
                 gbdt: [--trees 100] [--max-leaves 31] [--max-depth 0] [--min-leaf 20] [--subsample 1] [--colsample 1]
                 [--early-stopping auto|on|off] [--monotone COL=+1|-1]...
                 (${t('cli.usage.inputsFeaturesElseThe')})
  jointscore infer --workspace W --model ID|NAME [--population "applied=1"] [--method fuzzy|hard-cutoff|parceling] [--factor 1|--calibrate COL]
                 [--cutoff P] [--bands 10] [--iterate] [--name NAME] [--seed S] [--json]   (${t('cli.usage.infer')})
  jointscore uplift --workspace W --dataset N --target COL --treatment COL [--control none] [--channel COL] [--method two-model|class-transformation]
                 [--learner scorecard-lr|gbdt] [--features a,b] [--value COL | --value-per-response V] [--offer-cost OFFER=AMOUNT,…]
                 [--contact-cost CHANNEL=AMOUNT,…] [--tier-threshold 0.02] [--l2 1] [--trees 60] [--name N] [--json]   (${t('cli.usage.uplift')})
  jointscore uplift list --workspace W [--dataset N] [--json] · jointscore uplift show --workspace W --id N [--json]
  jointscore uplift export --workspace W --id N --out DIR [--min-bin-rows 20] [--json]
  jointscore evaluate --workspace W --model ID|NAME [--dataset N] [--json]
  jointscore explain --workspace W --model ID|NAME --rows 1,2,3 [--dataset N] [--top 3] [--json]   (${t('cli.usage.explain')})
  jointscore dependence --workspace W --model ID|NAME --feature COL [--points 20] [--rows 1000] [--json]   (${t('cli.usage.dependence')})
  jointscore models --workspace W [--dataset N] [--json]
  jointscore models show|delete --workspace W --model ID|NAME [--json]
  jointscore models rename --workspace W --model ID|NAME --name NEW [--json]
  jointscore scorecard --workspace W --model ID|NAME [--pdo 20] [--base-score 600] [--base-odds 50]
                 [--orientation higher-is-better|higher-is-riskier] [--no-round] [--reason-codes 3] [--json]
  jointscore scorecard show|delete --workspace W --id N|MODEL-NAME [--json]
  jointscore strategy cutoffs --workspace W --scorecard ID|MODEL-NAME [--sample train|test|oot|all] [--step POINTS] [--json]
  jointscore strategy matrix --workspace W --targeting SCORECARD --credit SCORECARD [--bands 5 | --targeting-cuts a,b --credit-cuts c,d] [--sample S] [--revenue-per-good X --loss-per-bad Y --cost-per-bid Z] [--name N] [--json]
                 (${t('cli.usage.aScorecardByIts')})
  jointscore strategy cutoff --workspace W --scorecard ID|MODEL-NAME --cutoff SCORE [--coefficient 1] [--sample S] [--revenue-per-good X --loss-per-bad Y --cost-per-bid Z] [--name N] [--json]
                 (${t('cli.usage.oneScorecardBidApprove')})
  jointscore strategy decide --workspace W --strategy ID|NAME [--cell T,C=bid:1.2 ...] [--cell T,C=no-bid ...] [--default no-bid|bid:K] [--json]
  jointscore strategy show|list|delete --workspace W [--id ID] [--json]
  jointscore strategy rename --workspace W --id ID|NAME --name NEW [--json]
  jointscore strategy tiers --workspace W --scorecard ID [--sample S] [--shares 0.2,0.3] [--json]
  jointscore funnel --workspace W --dataset N --stages applied,prescreen_passed,approved,drew_down [--by COL] [--population "c=v"] [--json]
  jointscore export --workspace W --model ID|NAME [--strategy ID|NAME] --out DIR [--min-bin-rows 20] [--split-by-party P [--partner-out DIR]] [--json]
  jointscore score --bundle DIR --input FILE.csv --out FILE.csv [--id COL] [--out-encoding utf8-bom|utf8|gbk] [--json]
  jointscore monitor --bundle DIR --input FILE.csv|WORKSPACE.jsw#DATASET --time COL [--target COL [--event V]] [--period month|week|quarter]
                 [--baseline train|FILE.csv] [--report FILE.html] [--workspace W] [--psi-warn 0.1] [--psi-alert 0.25] [--csi-warn 0.1]
                 [--csi-alert 0.25] [--auc-warn 0.03] [--auc-alert 0.06] [--funnel reached,applied,… [--segment COL] [--funnel-band STAGE=LO:HI]…] [--json]
                 (${t('cli.usage.monitor')})
  jointscore monitor --decisions RTA-LOG.jsonl --outcomes FILE.csv [--id COL] [--response COL] [--bad COL] [--value COL] [--json]
                 (${t('cli.usage.compare')})
  jointscore monitor thresholds --workspace W [--psi-warn X] [--psi-alert X] [--csi-warn X] [--csi-alert X] [--auc-warn X] [--auc-alert X] [--funnel-band STAGE=LO:HI]… [--json]
  jointscore demo generate --rows N [--seed S] [--drift COLUMN:MONTH[+MONTH…]:*K|+K|-K|missing]… [--truth] --out DIR [--json]   (lender.csv, partner.csv, truth.json; --truth: truth-bad.csv)
  jointscore demo campaign --rows N [--seed S] --out DIR [--json]   (${t('cli.usage.campaign')})
  jointscore demo bundle --out DIR --features-out FILE [--seed S] [--rows N] [--session-dir DIR] [--json]
                 (${t('cli.usage.theWholeSampleSession')})
  jointscore signing-key [--json]   (${t('cli.usage.thisWorkbenchSBundle')})
  jointscore rta serve --bundle DIR --features FILE|WORKSPACE.jsw#DATASET [--trust KEY|FILE]... [--admin-token-file F] [--port 8089] [--host 127.0.0.1] [--workers N] [--admin-port P]
                 [--deadline-ms 10] [--max-body-bytes 16384] [--cache-seconds 300] [--strategy-id ID]... [--default no-bid|bid:K]
                 [--lookup oaid_md5,imei_md5,idfa_md5,oaid,caid,android_id_md5] [--log-sample 0.01] [--grace-ms 5000]
                 [--challenger DIR [--challenger-features FILE] [--challenger-share 0.1]]
                 (${t('cli.usage.referenceRtaServerPost')})
  jointscore rta request --port P [--host 127.0.0.1] [--oaid-md5 X] [--idfa-md5 X] [--imei-md5 X] [--oaid X] [--caid X]
                 [--android-id-md5 X] [--os android|ios|harmony] [--id ID] [--strategy-id ID]... [--test] [--json]
                 (${t('cli.usage.oneBidRequestTo')})
  jointscore audit list|verify --workspace W [--anchor SEQ:HASH|BUNDLE] [--json]
  jointscore audit export --workspace W --out FILE.csv|FILE.json [--format csv|json] [--out-encoding utf8-bom|utf8|gbk] [--json]
  jointscore serve [--port P] [--files DIR]…  (${t('cli.usage.browserModeTheApp')})

${t('cli.usage.lang')}
${t('cli.usage.errors')}`;
}

function print(io: Io, args: ParsedArgs, value: unknown, text: () => string): void {
  io.out(args.booleans.has('json') ? JSON.stringify(value, null, 2) : text());
}

async function withJob<T>(service: Service, args: ParsedArgs, run: (jobId: string) => Promise<T>): Promise<T> {
  const jobId = `cli-${process.pid}-${Date.now()}`;
  const bar = new ProgressBar(process.stderr, process.stderr.isTTY === true && !args.booleans.has('quiet'));
  const off = service.on((e) => {
    if (e.event !== 'job.progress') return;
    const p = e.payload as ServiceEvents['job.progress'];
    if (p.id === jobId) bar.update(p);
  });
  const onSigint = () => { void service.call('jobs.cancel', { jobId }); };
  process.on('SIGINT', onSigint);
  try {
    return await run(jobId);
  } finally {
    process.off('SIGINT', onSigint);
    off();
    bar.clear();
  }
}

/** How to act on an error from this shell, where the core's message cannot name a flag. */
/** The service names options as the API does (camelCase); the CLI names them as flags. */
const FLAG_OF: Record<string, string> = { maxIter: '--trees', maxLeafNodes: '--max-leaves', minSamplesLeaf: '--min-leaf', monotone: '--monotone COL=+1|-1', notPii: '--not-pii COL=REASON', secretFile: '--secret-file F', keyKind: '--key-kind', minIv: '--min-iv', hash: '--hash COL --secret-file F', drop: '--drop COL' };
const flagOf = (option: string) => FLAG_OF[option] ?? `--${option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** How to act on an error from the command line: the flags its options stand for. */
function cliHint(e: AppError): string {
  if (e.code === 'LEAKAGE_SUSPECTED' && Array.isArray(e.details.columns)) return ` To keep ${e.details.columns.length > 1 ? 'them' : 'it'}: ${(e.details.columns as string[]).map((c) => `--allow ${c}`).join(' ')}.`;
  const option = e.details.option;
  if (typeof option === 'string' && option.length > 0) return ` (${option.split(/\s*\|\s*/).map(flagOf).join(', ')})`;
  return '';
}

/** The language of human-readable output: --lang, else the system's (LC_ALL, LC_MESSAGES, LANG). --json stays language-neutral. */
function cliTranslator(args: ParsedArgs): Translator {
  return translator(cliLocale(args));
}

/** An error as this shell says it: code, sentence, where and what, and the flags its option stands for. */
function phraseCliError(e: AppError, tr: Translator): string {
  const head = `jointscore: ${tr.t('cli.error')} [${e.code}]: ${phraseError(e.toWire(), tr)}${cliHint(e)}`;
  if (tr.locale === 'en') return head;
  const details = phraseErrorDetails(e.toWire(), tr);
  return [head, ...(details.length ? [`  ${details.join(' · ')}`] : []), ...(e.message.trim() ? [`  (${e.message.trim()})`] : [])].join('\n');
}

/** --encoding and --delimiter, shared by the commands that read text files. */
function textOptions(args: ParsedArgs): { encoding: EncodingOption; delimiter: DelimiterOption } {
  const delimiter = one(args, 'delimiter');
  const d = delimiter === undefined ? 'auto' : parseDelimiterOption(delimiter);
  if (d === null) throw new UsageError(`--delimiter must be auto, ',', ';', tab or '|'; got '${delimiter}'`);
  const encoding = one(args, 'encoding');
  return { encoding: encoding === undefined ? 'auto' : parseEncodingOption(encoding), delimiter: d };
}

async function importCommand(sh: Shell): Promise<void> {
  const { service, args, print, withJob, tr } = sh;
  checkKnown(args, ['workspace', 'name', 'party', 'encoding', 'delimiter', 'sheet', 'type', 'role', 'drop', 'hash', 'secret-file', 'not-pii']);
  const file = args.positionals[1];
  if (!file) throw new UsageError('import needs a FILE');
  const { encoding, delimiter: d } = textOptions(args);
  const name = one(args, 'name'), party = one(args, 'party'), sheet = one(args, 'sheet');
  const result = await withJob((jobId) => service.call('import.run', {
    workspace: required(args, 'workspace'), file, jobId,
    ...(name !== undefined ? { name } : {}), ...(party !== undefined ? { party } : {}), ...(sheet !== undefined ? { sheet } : {}),
    encoding, delimiter: d,
    types: pairs(args, 'type') as Record<string, ColumnType>, roles: pairs(args, 'role') as Record<string, ColumnRole>,
    drop: args.flags.get('drop') ?? [], hash: args.flags.get('hash') ?? [],
    ...(one(args, 'secret-file') !== undefined ? { secretFile: one(args, 'secret-file')! } : {}),
    notPii: Object.entries(pairs(args, 'not-pii')).map(([column, reason]) => ({ column, reason })),
  }));
  print(result, () => [
    tr.t('cli.imported', { rows: result.rows, columns: result.columns.length, dataset: result.dataset, mb: (result.bytes / 1048576).toFixed(1), seconds: result.seconds.toFixed(2) }),
    table(headers(tr, ['column', 'type', 'role', 'missing', 'distinct']), result.columns.map((c) => [c.name, codeWord(tr, 'type', c.type), codeWord(tr, 'role', c.role), c.missing, c.distinct])),
    ...result.notes.map((w) => tr.t('cli.warning', { text: phraseSaid(w, tr) })),
  ].join('\n'));
}

async function previewCommand(sh: Shell): Promise<void> {
  const { service, args, print, tr } = sh;
  checkKnown(args, ['encoding', 'delimiter', 'sheet']);
  const file = args.positionals[1];
  if (!file) throw new UsageError('preview needs a FILE');
  const { encoding, delimiter: d } = textOptions(args);
  const sheet = one(args, 'sheet');
  const p = await service.call('import.preview', { file, delimiter: d, encoding, ...(sheet !== undefined ? { sheet } : {}) });
  print(p, () => [
    `${p.file}: ${p.format}${p.encoding ? `, ${p.encoding}` : ''}${p.delimiter ? tr.t('cli.preview.delimiter', { delimiter: p.delimiter }) : ''}${p.sheet ? tr.t('cli.preview.sheet', { sheet: p.sheet }) : ''}${tr.t('cli.preview.sampled', { rows: p.sampledRows })}`,
    table(headers(tr, ['column', 'type', 'role', 'first values']), p.columns.map((c, i) => [c.name, codeWord(tr, 'type', c.type), codeWord(tr, 'role', c.role), p.rows.slice(0, 3).map((r) => r[i] ?? '∅').join(' | ')])),
  ].join('\n'));
}

async function pseudonymizeCommand(sh: Shell): Promise<void> {
  const { service, args, print, withJob, tr } = sh;
  checkKnown(args, ['key', 'key-kind', 'hash', 'secret-file', 'upper', 'out', 'drop', 'encoding', 'delimiter', 'workspace', 'overwrite', 'not-pii']);
  const input = args.positionals[1];
  if (!input) throw new UsageError('pseudonymize needs an input FILE');
  const { encoding, delimiter: d } = textOptions(args);
  const secretFile = one(args, 'secret-file');
  const hash = one(args, 'hash');
  const workspace = one(args, 'workspace');
  const r = await withJob((jobId) => service.call('pseudonymize.run', {
    input, output: required(args, 'out'), key: required(args, 'key'), keyKind: required(args, 'key-kind') as KeyKind, jobId,
    ...(hash !== undefined ? { hash: hash as HashAlgorithm } : {}), ...(secretFile !== undefined ? { secretFile } : {}), ...(workspace !== undefined ? { workspace } : {}),
    upper: args.booleans.has('upper'), drop: args.flags.get('drop') ?? [], encoding, delimiter: d, overwrite: args.booleans.has('overwrite'),
    notPii: Object.entries(pairs(args, 'not-pii')).map(([column, reason]) => ({ column, reason })),
  }));
  print(r, () => [
    tr.t('cli.pseudonymized', { written: r.written, rows: r.rows, output: r.output, key: r.keyColumn, kind: r.keyKind, hash: r.hash, rejected: r.rejected, rejects: r.rejects }),
    tr.t('cli.pseudonymizedSpeed', { speed: Math.round(r.idsPerSecond), sha: r.inputSha256 }),
  ].join('\n'));
}

async function joinCommand(sh: Shell): Promise<void> {
  const { service, args, print, withJob, tr } = sh;
  checkKnown(args, ['workspace', 'left', 'right', 'on', 'right-on', 'how', 'duplicates', 'name']);
  const rightOn = one(args, 'right-on'), how = one(args, 'how'), duplicates = one(args, 'duplicates');
  const r = await withJob((jobId) => service.call('join.run', {
    workspace: required(args, 'workspace'), left: required(args, 'left'), right: required(args, 'right'), on: required(args, 'on'), name: required(args, 'name'), jobId,
    ...(rightOn !== undefined ? { rightOn } : {}), ...(how !== undefined ? { how: how as JoinHow } : {}), ...(duplicates !== undefined ? { duplicates: duplicates as DuplicatePolicy } : {}),
  }));
  print(r, () => [
    tr.t('cli.joined', { dataset: r.dataset, rows: r.rows, how: codeWord(tr, 'join.how', r.how) }),
    table(headers(tr, ['', 'rows', 'matched', 'match rate', 'duplicate keys']), [
      [tr.t('cli.join.left'), r.leftRows, r.matched, percent(r.matchRateLeft), r.duplicateKeysLeft],
      [tr.t('cli.join.right'), r.rightRows, Math.round(r.matchRateRight * r.rightRows), percent(r.matchRateRight), r.duplicateKeysRight],
    ]),
    ...(r.byMonth ? [tr.t('cli.join.byMonth', { column: r.byMonth.timeColumn }), table(headers(tr, ['month', 'rows', 'matched', 'rate']), r.byMonth.months.map((m) => [m.month, m.rows, m.matched, percent(m.rate)]))] : []),
  ].join('\n'));
}

function isoDate(ms: number | undefined): string {
  return ms === undefined || Number.isNaN(ms) ? '' : new Date(ms).toISOString().slice(0, 10);
}

async function profileCommand(sh: Shell): Promise<void> {
  const { service, args, print, withJob, tr } = sh;
  checkKnown(args, ['workspace', 'dataset', 'target', 'event']);
  const target = one(args, 'target');
  const event = one(args, 'event');
  const profile = await withJob((jobId) => service.call('profile.get', {
    workspace: required(args, 'workspace'), dataset: required(args, 'dataset'), jobId, target: target ?? null, ...(event !== undefined ? { event } : {}),
  }));
  print(profile, () => {
    const head = tr.t('cli.profile.head', { dataset: profile.dataset, rows: profile.rows }) + (profile.target ? tr.t('cli.profile.target', { target: profile.target, event: profile.event ?? '', rate: num(profile.eventRate, 3) }) : '');
    const rows = profile.columns.map((c) => [
      c.name, codeWord(tr, 'type', c.type), codeWord(tr, 'role', c.role), c.missing, c.distinct,
      ...(c.type === 'date' ? [c.numeric?.min, c.numeric?.mean, c.numeric?.max].map(isoDate) : [num(c.numeric?.min), num(c.numeric?.mean), num(c.numeric?.max)]),
      c.topCategories ? c.topCategories.slice(0, 3).map((t) => `${t.value.length > 24 ? `${t.value.slice(0, 23)}…` : t.value} (${t.count})`).join(', ') : '',
      ...(profile.target ? [num(c.targetProfile?.iv, 3)] : []),
    ]);
    const names = ['column', 'type', 'role', 'missing', 'distinct', 'min', 'mean', 'max', 'top categories', ...(profile.target ? ['IV'] : [])];
    return `${head}\n${table(headers(tr, names), rows)}`;
  });
}

/** Usage errors exit 2 with the usage; the rest exit 1 (130 when cancelled) naming their code. */
function reportError(err: unknown, args: ParsedArgs, io: Io): number {
  if (err instanceof UsageError) {
    const tr = cliTranslator(args);
    io.err(`jointscore: ${tr.t('cli.usageError', { message: err.phrase ? tr.t(err.phrase.key, err.phrase.values) : err.message })}\n\n${usage(tr)}`);
    return 2;
  }
  const e = err instanceof AppError ? err : AppError.fromWire(toWireError(err));
  if (args.booleans.has('json')) io.err(JSON.stringify({ error: e.toWire() }));
  else io.err(phraseCliError(e, cliTranslator(args)));
  return e.code === 'CANCELLED' ? 130 : 1;
}

/** Every command of the CLI: its name and what runs it (each phrases its own output). */
const COMMANDS: Record<string, (sh: Shell) => Promise<number | void>> = {
  workspace: workspaceCommand,
  import: importCommand,
  preview: previewCommand,
  datasets: datasetsCommand,
  'signing-key': signingKeyCommand,
  pipeline: pipelineCommand,
  profile: profileCommand,
  pseudonymize: pseudonymizeCommand,
  psi: psiCommand,
  join: joinCommand,
  bin: binCommand,
  split: splitCommand,
  select: selectCommand,
  train: trainCommand,
  infer: inferCommand,
  uplift: upliftCommand,
  evaluate: evaluateCommand,
  explain: explainCommand,
  dependence: dependenceCommand,
  models: modelsCommand,
  scorecard: scorecardCommand,
  strategy: strategyCommand,
  funnel: funnelCommand,
  export: exportCommand,
  score: scoreCommand,
  monitor: monitorCommand,
  rta: rtaRequestCommand,
  secret: secretCommand,
  demo: demoCommand,
  audit: auditCommand,
};

const unknownCommand = (sh: Shell): Promise<never> => Promise.reject(new UsageError(`unknown command '${sh.args.positionals[0]}'`, { key: 'cli.usage.unknownCommand', values: { command: sh.args.positionals[0] ?? '' } }));

/** A reader that stops early (`jointscore … | head`) closes the pipe: the output ends there, quietly, not with a crash. */
function quietOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.listenerCount('error') === 0) stream.on('error', (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') process.exit(0); else throw e; });
  }
}

export async function runCli(argv: readonly string[], io: Io = { out: (s) => process.stdout.write(`${s}\n`), err: (s) => process.stderr.write(`${s}\n`) }): Promise<number> {
  quietOnClosedPipe();
  // The RTA server may serve a snapshot straight from a workspace dataset (WORKSPACE.jsw#DATASET).
  addSnapshotReader(datasetSnapshotReader);
  if (cluster.isWorker && process.env[WORKER_ENV]) return runClusterWorker(io.out);
  let args: ParsedArgs;
  try {
    args = parseArgs(argv, BOOLEAN_FLAGS);
  } catch (err) {
    io.err(`jointscore: ${(err as Error).message}\n\n${usage()}`);
    return 2;
  }
  if (args.booleans.has('version')) { io.out(VERSION); return 0; }
  const lang = one(args, 'lang');
  if (lang !== undefined && !/^(en|zh)([-_][a-z]+)*$/i.test(lang)) { io.err(`jointscore: --lang takes en or zh-CN; got '${lang}'\n\n${usage()}`); return 2; }
  const command = args.positionals[0];
  if (!command || args.booleans.has('help') || command === 'help') { io.out(usage(cliTranslator(args))); return command || args.booleans.has('help') ? 0 : 2; }
  if (command === 'serve') return serveBrowserMode(args, io);
  if (command === 'rta' && args.positionals[1] !== 'request') {
    if (args.positionals[1] !== 'serve') { io.err(`jointscore: usage: jointscore rta serve --bundle DIR --features FILE [options] | jointscore rta request --port P --oaid-md5 X [--test]\n\n${usage(cliTranslator(args))}`); return 2; }
    try {
      return await rtaServe(args, io, defaultSettingsDir());
    } catch (err) {
      return reportError(err, args, io);
    }
  }
  const service = createService({ mode: 'cli', settingsDir: defaultSettingsDir() });
  try {
    const shell: Shell = { service, args, io, tr: cliTranslator(args), print: (v, t) => print(io, args, v, t), withJob: (run) => withJob(service, args, run) };
    const code = await (COMMANDS[command] ?? unknownCommand)(shell);
    if (typeof code === 'number') return code;
    return 0;
  } catch (err) {
    return reportError(err, args, io);
  } finally {
    service.close();
  }
}

if (require.main === module) {
  void runCli(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
