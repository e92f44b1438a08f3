/** Delimiters Jointscore recognizes, in order of preference when counts tie. */
export const DELIMITERS = [',', '\t', ';', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];
export type DelimiterOption = 'auto' | Delimiter;

export function parseDelimiterOption(v: string): DelimiterOption | null {
  if (v === 'auto') return 'auto';
  if (v === 'tab' || v === '\\t' || v === '\t') return '\t';
  if (v === ',' || v === 'comma') return ',';
  if (v === ';' || v === 'semicolon') return ';';
  if (v === '|' || v === 'pipe') return '|';
  return null;
}

/**
 * Picks the delimiter whose count per line (outside quotes) is the same on the most lines and
 * above zero, over the first lines of the text: the usual "consistent count" sniff.
 */
export function sniffDelimiter(text: string, fileName = ''): Delimiter {
  if (/\.tsv$|\.tab$/i.test(fileName) && text.includes('\t')) return '\t';
  const lines = splitLogicalLines(text).slice(0, 50).filter((l) => l.length > 0);
  let best: Delimiter = ',';
  let bestScore = -1;
  for (const d of DELIMITERS) {
    const counts = lines.map((l) => countOutsideQuotes(l, d));
    const first = counts[0] ?? 0;
    if (first === 0) continue;
    const consistent = counts.filter((c) => c === first).length;
    const score = consistent * 1000 + first;
    if (score > bestScore) { best = d; bestScore = score; }
  }
  return best;
}

function splitLogicalLines(text: string): string[] {
  const out: string[] = [];
  let inQuotes = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (c === '\n' && !inQuotes) { out.push(text.slice(start, i).replace(/\r$/, '')); start = i + 1; }
  }
  return out;
}

function countOutsideQuotes(line: string, d: string): number {
  let n = 0;
  let inQuotes = false;
  for (const c of line) {
    if (c === '"') inQuotes = !inQuotes;
    else if (c === d && !inQuotes) n++;
  }
  return n;
}
