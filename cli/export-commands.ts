import type { Service } from '../service/create-service';
import type { OutputEncoding } from '../service/contract';
import { checkKnown, cliLocale, number, one, opt, required, type ParsedArgs } from './args';
import { table } from './format';
import { optionalRef, requiredRef } from './refs';

type Print = (value: unknown, text: () => string) => void;
type WithJob = <T>(run: (jobId: string) => Promise<T>) => Promise<T>;

/** `jointscore export --workspace W --model ID [--strategy ID] --out DIR [--min-bin-rows K]`. */
export async function exportCommand(service: Service, args: ParsedArgs, print: Print): Promise<void> {
  checkKnown(args, ['workspace', 'model', 'strategy', 'out', 'min-bin-rows']);
  const workspace = required(args, 'workspace');
  const model = await requiredRef(service, args, workspace, 'model', 'model', 'a scorecard-lr model with a scorecard; see jointscore models');
  const r = await service.call('export.bundle', {
    workspace, model, out: required(args, 'out'), lang: cliLocale(args),
    ...opt('strategy', await optionalRef(service, args, workspace, 'strategy', 'strategy')), ...opt('minBinRows', number(args, 'min-bin-rows')),
  });
  print(r, () => `Bundle written to ${r.out} and ${r.zip}:\n${table(['file', 'bytes', 'sha256'], r.manifest.files.map((f) => [f.path, f.bytes, f.sha256]))}\nInputs: ${r.manifest.inputs.map((i) => i.name).join(', ')}.`);
}

/** `jointscore score --bundle DIR --input FILE --out FILE [--id COL]`. */
export async function scoreCommand(service: Service, args: ParsedArgs, print: Print, withJob: WithJob): Promise<void> {
  checkKnown(args, ['bundle', 'input', 'out', 'id', 'out-encoding']);
  const r = await withJob((jobId) => service.call('export.score', { bundle: required(args, 'bundle'), input: required(args, 'input'), out: required(args, 'out'), ...opt('id', one(args, 'id')), ...opt('encoding', one(args, 'out-encoding') as OutputEncoding | undefined), jobId }));
  const invalid = Object.entries(r.invalidValues).filter(([, n]) => n > 0);
  print(r, () => `Scored ${r.rows.toLocaleString('en')} rows in ${r.seconds.toFixed(2)} s into ${r.out}${r.bids !== null ? `; ${r.bids.toLocaleString('en')} bids` : ''}.${invalid.length ? `\nNot numbers (scored as missing): ${invalid.map(([c, n]) => `${c} ${n}`).join(', ')}.` : ''}`);
}
