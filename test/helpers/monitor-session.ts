import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { BundleScorecard, ScorecardDocument } from '../../types/bundle';
import { json, runCli } from './cli';
import { readCsv } from './read-csv';

const DRIFTABLE = ['video_min', 'social_min', 'finance_min', 'shopping_min', 'game_min', 'active_hours', 'night_ratio', 'device_price_tier', 'city_tier', 'loan_apps_installed', 'days_since_active'];

export interface MonitorSession {
  ws: string;
  bundle: string;
  card: BundleScorecard;
  /** The two shifted card inputs and their months: the first tripled in June and July, the second gone in September. */
  drifted: [string, string[]][];
  /** The monitored rows as a file (the lender's pseudonymized rows with the partner's columns) and as read back. */
  joinedCsv: string;
  joined: { header: string[]; rows: string[][] };
}

/**
 * A targeting scorecard developed on one generated year (seed 1) and exported, then a second year
 * (seed 2) with known shifts of the card's own partner inputs, pseudonymized, imported and joined
 * in the same workspace as `joint2`, all through the CLI as a user runs it.
 */
export async function monitorSession(dir: string, rows = 12000): Promise<MonitorSession> {
  const ws = path.join(dir, 'ws.jsw'), bundle = path.join(dir, 'bundle'), secret = path.join(dir, 's.txt');
  const cli = async (args: string[]) => json<unknown>(await runCli([...args, '--json'], dir));
  const load = async (from: string, suffix: string) => {
    await cli(['pseudonymize', path.join(dir, from, 'lender.csv'), '--key', 'phone', '--key-kind', 'phone', '--secret-file', secret, '--out', path.join(dir, from, 'l.csv')]);
    await cli(['pseudonymize', path.join(dir, from, 'partner.csv'), '--key', 'phone', '--key-kind', 'phone', '--secret-file', secret, '--drop', 'device_id', '--out', path.join(dir, from, 'p.csv')]);
    await cli(['import', path.join(dir, from, 'l.csv'), '--workspace', ws, '--name', `lender${suffix}`]);
    await cli(['import', path.join(dir, from, 'p.csv'), '--workspace', ws, '--name', `partner${suffix}`, '--party', 'partner']);
    await cli(['join', '--workspace', ws, '--left', `lender${suffix}`, '--right', `partner${suffix}`, '--on', 'phone_hmac_sha256', '--how', 'left', '--name', `joint${suffix}`]);
  };
  await cli(['demo', 'generate', '--rows', String(rows), '--seed', '1', '--out', path.join(dir, 'a')]);
  await cli(['secret', 'generate', secret]);
  await cli(['workspace', 'create', ws]);
  await load('a', '');
  await cli(['split', '--workspace', ws, '--dataset', 'joint', '--time', 'exposure_month', '--oot-from', '2025-10', '--target', 'applied']);
  await cli(['bin', '--workspace', ws, '--dataset', 'joint', '--target', 'applied']);
  await cli(['select', '--workspace', ws, '--dataset', 'joint', '--target', 'applied']);
  await cli(['train', '--workspace', ws, '--dataset', 'joint', '--target', 'applied', '--purpose', 'targeting', '--model', 'scorecard-lr', '--name', 'targeting']);
  await cli(['scorecard', '--workspace', ws, '--model', 'targeting']);
  await cli(['export', '--workspace', ws, '--model', 'targeting', '--out', bundle]);
  const card = (JSON.parse(fs.readFileSync(path.join(bundle, 'scorecard.json'), 'utf8')) as ScorecardDocument).scorecards[0]!;
  const inputs = card.characteristics.map((c) => c.name).filter((n) => DRIFTABLE.includes(n));
  assert.ok(inputs.length >= 2, `the card uses two drift-able partner inputs: ${card.characteristics.map((c) => c.name).join(', ')}`);
  const drifted: [string, string[]][] = [[inputs[0]!, ['2025-06', '2025-07']], [inputs[1]!, ['2025-09']]];
  await cli(['demo', 'generate', '--rows', String(rows), '--seed', '2', '--out', path.join(dir, 'b'), '--drift', `${inputs[0]}:2025-06+2025-07:*3`, '--drift', `${inputs[1]}:2025-09:missing`]);
  await load('b', '2');
  const lender = readCsv(path.join(dir, 'b', 'l.csv')), partner = readCsv(path.join(dir, 'b', 'p.csv'));
  const byKey = new Map(partner.rows.map((r) => [r[0]!, r]));
  const extra = partner.header.slice(1);
  const joined = { header: [...lender.header.slice(1), ...extra], rows: lender.rows.map((r) => [...r.slice(1), ...(byKey.get(r[0]!)?.slice(1) ?? extra.map(() => ''))]) };
  const joinedCsv = path.join(dir, 'b', 'joined.csv');
  fs.writeFileSync(joinedCsv, [joined.header, ...joined.rows].map((r) => r.join(',')).join('\n') + '\n');
  return { ws, bundle, card, drifted, joinedCsv, joined };
}
