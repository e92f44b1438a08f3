import fs from 'node:fs';
import readline from 'node:readline';
import { compareArms, type ArmComparison, type LoggedDecision, type UserOutcome } from '../../models/monitor/compare-arms';
import { AppError } from '../../types/errors';
import type { JobControls } from '../../types/progress';
import { readCsvColumns } from './read-monitor-columns';

export interface CompareRequest {
  /** The RTA server's JSON log (request lines carry the model and the user). */
  decisions: string;
  /** A CSV of later outcomes per user: the id column and any of response, bad, value. */
  outcomes: string;
  /** Default: the file's first column. */
  id?: string;
  response?: string;
  bad?: string;
  value?: string;
}

export interface CompareResult extends ArmComparison {
  decisionsFile: string;
  outcomesFile: string;
  /** Log lines read, and request lines left out (pings, tests, deadline answers, lines without a model or user). */
  lines: number;
  skipped: number;
  outcomeRows: number;
  columns: { id: string; response: string | null; bad: string | null; value: string | null };
}

/** The decisions logged by `rta serve`: request lines that name a model and a user and decided (bid, no bid or unknown user). */
async function readDecisions(file: string): Promise<{ decisions: LoggedDecision[]; lines: number; skipped: number }> {
  if (!fs.existsSync(file)) throw new AppError('FILE_NOT_FOUND', `${file} does not exist.`, { file });
  const decisions: LoggedDecision[] = [];
  let lines = 0, skipped = 0;
  const rl = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of rl) {
    lines++;
    if (!line.includes('"event":"request"')) continue;
    let x: { model?: unknown; user?: unknown; outcome?: unknown; bid?: unknown };
    try { x = JSON.parse(line) as typeof x; } catch { throw new AppError('UNSUPPORTED_FORMAT', `${file}, line ${lines} is not a JSON log line.`, { file, line: lines, expected: 'the JSON lines rta serve writes', got: line.slice(0, 80) }); }
    if (typeof x.model !== 'string' || typeof x.user !== 'string' || !['bid', 'no_bid', 'unknown_user'].includes(String(x.outcome))) { skipped++; continue; }
    decisions.push({ user: x.user, model: x.model, bid: x.bid === true });
  }
  if (decisions.length === 0) throw new AppError('INVALID_ARGUMENT', `${file} holds no logged decision naming its model and user: serve with --log-sample 1 (or a share) to log decisions.`, { file, expected: 'request lines with model and user', got: `${lines} lines` });
  return { decisions, lines, skipped };
}

/** Champion against challenger: the server's logged decisions joined with outcomes by user. */
export async function compareDecisions(req: CompareRequest, controls: JobControls | null): Promise<CompareResult> {
  const { decisions, lines, skipped } = await readDecisions(req.decisions);
  if (!req.response && !req.bad && !req.value) throw new AppError('INVALID_ARGUMENT', 'Name at least one outcome column: response, bad or value.', { option: 'response', expected: 'a column of the outcomes file' });
  let id = req.id ?? '';
  const cols = await readCsvColumns(req.outcomes, (header) => [
    { name: (id ||= header[0]!), kind: 'i32', why: 'the user id, as the server looked it up' },
    ...(req.response ? [{ name: req.response, kind: 'i32' as const, why: 'the response (0/1)' }] : []),
    ...(req.bad ? [{ name: req.bad, kind: 'i32' as const, why: 'the credit outcome (0/1)' }] : []),
    ...(req.value ? [{ name: req.value, kind: 'i32' as const, why: 'the value per user' }] : []),
  ], controls);
  const ids = cols.columns.get(id)!;
  if (ids.kind !== 'i32') throw new Error('ids are read as text');
  // Each column read as text, so that a value that is not a number is refused by its row rather than taken as unknown.
  const num = (name: string | undefined, i: number) => {
    if (!name) return null;
    const c = cols.columns.get(name)!;
    const text = c.kind === 'i32' ? (c.codes[i]! < 0 ? '' : c.dictionary[c.codes[i]!]!.trim()) : String(c.values[i]);
    if (text === '') return null;
    const v = Number(text);
    if (!Number.isFinite(v)) throw new AppError('INVALID_ARGUMENT', `${req.outcomes}, data row ${i + 1}: ${name} is '${text}', not a number.`, { file: req.outcomes, row: i + 1, column: name, expected: name === req.value ? 'a number or empty' : '0, 1 or empty', got: text });
    return v;
  };
  const outcomes = new Map<string, UserOutcome>();
  for (let i = 0; i < cols.rows; i++) {
    const code = ids.codes[i]!;
    if (code < 0) continue;
    const response = num(req.response, i), bad = num(req.bad, i);
    for (const [name, v] of [[req.response, response], [req.bad, bad]] as const) {
      if (v !== null && v !== 0 && v !== 1) throw new AppError('INVALID_ARGUMENT', `${req.outcomes}, data row ${i + 1}: ${name} is ${v}; outcomes are 0 or 1 (or empty when not known).`, { file: req.outcomes, row: i + 1, column: name, expected: '0, 1 or empty', got: String(v) });
    }
    outcomes.set(ids.dictionary[code]!.toLowerCase(), { response, bad, value: num(req.value, i) });
  }
  return {
    ...compareArms(decisions, outcomes), decisionsFile: req.decisions, outcomesFile: req.outcomes, lines, skipped, outcomeRows: cols.rows,
    columns: { id, response: req.response ?? null, bad: req.bad ?? null, value: req.value ?? null },
  };
}
