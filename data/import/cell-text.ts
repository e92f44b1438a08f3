import type { CellValue } from './column-builders';
import { formatDate } from './parse-value';

/** A reader's JS value as the text the import dialog shows and type inference reads. */
export function cellText(v: CellValue): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return formatDate(v.getTime());
  return String(v);
}
