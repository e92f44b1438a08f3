import { AppError } from '../../types/errors';

/**
 * Cleans header names (trim; an empty name becomes `Unnamed: i` as in pandas) and refuses
 * duplicates, naming both positions.
 */
export function checkHeader(raw: readonly string[], file: string): string[] {
  const names = raw.map((n, i) => {
    const t = n.replace(/^\uFEFF/, '').trim();
    return t.length > 0 ? t : `Unnamed: ${i}`;
  });
  const seen = new Map<string, number>();
  names.forEach((n, i) => {
    const prev = seen.get(n);
    if (prev !== undefined) {
      throw new AppError('DUPLICATE_COLUMN', `${file}: the header names column '${n}' twice (columns ${prev + 1} and ${i + 1}). Rename one of them.`, {
        file, row: 0, line: 1, column: n, expected: 'unique column names', got: `columns ${prev + 1} and ${i + 1}`,
      });
    }
    seen.set(n, i);
  });
  return names;
}

export function emptyFile(file: string): AppError {
  return new AppError('EMPTY_FILE', `${file} is empty: expected a header row and at least one data row.`, {
    file, expected: 'a header row and data rows',
  });
}

export function headerOnly(file: string): AppError {
  return new AppError('HEADER_ONLY', `${file} has a header but no data rows.`, { file, row: 1, expected: 'at least one data row' });
}
