import type { OutputEncoding } from '../service/contract';
import { checkKnown, cliLocale, number, one, opt, required } from './args';
import type { Shell } from './shell';
import { table } from './format';
import { headers } from './words';
import { optionalRef, requiredRef } from './refs';


/** `jointscore export --workspace W --model ID [--strategy ID] --out DIR [--min-bin-rows K] [--split-by-party P [--partner-out DIR]]`. */
export async function exportCommand(sh: Shell): Promise<void> {
  const { service, args, print, tr } = sh;
  checkKnown(args, ['workspace', 'model', 'strategy', 'out', 'min-bin-rows', 'split-by-party', 'partner-out']);
  const workspace = required(args, 'workspace');
  const model = await requiredRef(service, args, workspace, 'model', 'model', 'a scorecard-lr model with a scorecard; see jointscore models');
  const r = await service.call('export.bundle', {
    workspace, model, out: required(args, 'out'), lang: cliLocale(args),
    ...opt('strategy', await optionalRef(service, args, workspace, 'strategy', 'strategy')), ...opt('minBinRows', number(args, 'min-bin-rows')),
    ...opt('splitByParty', one(args, 'split-by-party')), ...opt('partnerOut', one(args, 'partner-out')),
  });
  print(r, () => `${tr.t('cli.export.written', { out: r.out, zip: r.zip })}\n${table(headers(tr, ['file', 'bytes', 'sha256']), r.manifest.files.map((f) => [f.path, f.bytes, f.sha256]))}\n${tr.t('cli.export.inputs', { inputs: r.manifest.inputs.map((i) => i.name).join(', ') })}${r.partner ? `\n${tr.t('cli.export.partner', { party: r.partner.party, out: r.partner.out, zip: r.partner.zip, columns: r.partner.columns.join(', ') })}` : ''}`);
}

/** `jointscore score --bundle DIR --input FILE --out FILE [--id COL]`. */
export async function scoreCommand(sh: Shell): Promise<void> {
  const { service, args, print, withJob, tr } = sh;
  checkKnown(args, ['bundle', 'input', 'out', 'id', 'out-encoding']);
  const r = await withJob((jobId) => service.call('export.score', { bundle: required(args, 'bundle'), input: required(args, 'input'), out: required(args, 'out'), ...opt('id', one(args, 'id')), ...opt('encoding', one(args, 'out-encoding') as OutputEncoding | undefined), jobId }));
  const invalid = Object.entries(r.invalidValues).filter(([, n]) => n > 0);
  print(r, () => tr.t('cli.scored', { rows: r.rows, seconds: r.seconds.toFixed(2), out: r.out, bids: r.bids ?? -1 }) + (invalid.length ? `\n${tr.t('cli.scored.invalid', { columns: invalid.map(([c, n]) => `${c} ${n}`).join(', ') })}` : ''));
}
