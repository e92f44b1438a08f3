import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { AppError } from '../../types/errors';
import { detectCsvLayout, scan } from '../import/csv-source';
import { fieldText, type CsvRecordSink } from '../import/csv-tokenizer';
import { AtomicCsvWriter, writeAllOrNothing } from '../pseudonymize/csv-writer';

export const DEMO_KEY_COLUMN = 'device_id_md5';

/**
 * The feature snapshot an ad platform's RTA traffic is looked up in: per partner user, the MD5 of
 * the device id the platform sends (OAID on Android, IDFA on iOS, as generated) and the bundle's
 * inputs — no phone, no other column. Written beside and renamed into place; returns the ids written.
 */
export async function writeDemoSnapshot(partnerCsv: string, inputs: readonly string[], out: string): Promise<number> {
  if (fs.existsSync(out)) throw new AppError('ALREADY_EXISTS', `${out} already exists; the demo never overwrites.`, { file: out });
  const writer = new AtomicCsvWriter(out);
  let header: string[] | null = null;
  let positions: number[] = [];
  let rows = 0;
  const sink: CsvRecordSink = {
    record(b, starts, ends, escaped, count) {
      const field = (k: number) => fieldText(b, starts[k]!, ends[k]!, escaped[k] === 1);
      if (!header) {
        header = Array.from({ length: count }, (_, k) => field(k));
        positions = ['device_id', ...inputs].map((c) => { const k = header!.indexOf(c); if (k < 0) throw new AppError('INVALID_ARGUMENT', `${partnerCsv} has no column '${c}'.`, { file: partnerCsv, column: c }); return k; });
        writer.row([DEMO_KEY_COLUMN, ...inputs]);
        return;
      }
      const device = field(positions[0]!);
      if (!device) return;
      writer.row([createHash('md5').update(device).digest('hex'), ...positions.slice(1).map(field)]);
      rows++;
    },
  };
  return writeAllOrNothing([writer], () => { scan(partnerCsv, detectCsvLayout(partnerCsv), sink, null, () => false, () => {}); return rows; });
}
