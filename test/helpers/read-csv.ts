import fs from 'node:fs';

/** A small, independent CSV reader for checking results (quoted fields, no embedded newlines). */
export function readCsv(file: string): { header: string[]; rows: string[][] } {
  // Files for people start with a UTF-8 byte-order mark (Excel's cue): it is not part of the first name.
  const lines = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.length > 0);
  const split = (line: string) => {
    const out: string[] = [];
    let cur = '', quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]!;
      if (quoted) { if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') quoted = false; else cur += ch; } else if (ch === '"') quoted = true; else if (ch === ',') { out.push(cur); cur = ''; } else cur += ch;
    }
    out.push(cur);
    return out;
  };
  return { header: split(lines[0]!), rows: lines.slice(1).map(split) };
}
