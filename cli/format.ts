/** East Asian wide characters (CJK, full-width forms) take two columns of a terminal. */
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u;

/** How many terminal columns a string takes. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += WIDE.test(ch) ? 2 : 1;
  return w;
}

/** Plain-text tables for the CLI (columns aligned in a terminal, Chinese included). */
export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => String(c)))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => displayWidth(r[i] ?? ''))));
  const pad = (c: string, w: number, start: boolean) => { const fill = ' '.repeat(Math.max(0, w - displayWidth(c))); return start ? fill + c : c + fill; };
  const line = (r: string[]) => r.map((c, i) => pad(c, widths[i]!, typeof rows[0]?.[i] === 'number')).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

/** A share as a percentage (`''` for none). */
export function percent(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined ? '' : `${(x * 100).toFixed(digits)}%`;
}

export function num(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '';
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(digits)));
}
