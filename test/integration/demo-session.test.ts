import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { DemoTruth, JoinResult, PseudonymizeResult } from '../../service/contract';
import type { DatasetProfile } from '../../types/dataset';
import { json, runCli } from '../helpers/cli';
import { tempDir, write } from '../helpers/temp';

describe('the synthetic joint session, end to end through the CLI', () => {
  const dir = tempDir();

  it('generates the same files for the same seed', async () => {
    const a = json<DemoTruth>(await runCli(['demo', 'generate', '--rows', '500', '--seed', '3', '--out', path.join(dir, 'a'), '--json'], dir));
    const b = json<DemoTruth>(await runCli(['demo', 'generate', '--rows', '500', '--seed', '3', '--out', path.join(dir, 'b'), '--json'], dir));
    const fs = await import('node:fs');
    assert.equal(fs.readFileSync(a.lender, 'utf8'), fs.readFileSync(b.lender, 'utf8'));
    assert.equal(fs.readFileSync(a.partner, 'utf8'), fs.readFileSync(b.partner, 'utf8'));
  });

  it('pseudonymize both sides with one secret, import, join: matched equals the generator’s ground truth exactly', async () => {
    const out = path.join(dir, 'session');
    const truth = json<DemoTruth>(await runCli(['demo', 'generate', '--rows', '3000', '--seed', '42', '--out', out, '--json'], dir));
    const secret = write(dir, 'secret', 'demo-session-secret', 0o600);
    const lender = json<PseudonymizeResult>(await runCli(['pseudonymize', truth.lender, '--key', 'phone', '--key-kind', 'phone', '--secret-file', secret, '--out', path.join(out, 'lender.hashed.csv'), '--json'], dir));
    const partner = json<PseudonymizeResult>(await runCli(['pseudonymize', truth.partner, '--key', 'phone', '--key-kind', 'phone', '--secret-file', secret, '--out', path.join(out, 'partner.hashed.csv'), '--drop', 'device_id', '--json'], dir));
    assert.equal(lender.rejected, truth.invalidLenderPhones);
    assert.equal(partner.rejected, 0);
    const ws = path.join(dir, 'session.jsw');
    json(await runCli(['workspace', 'create', ws, '--json'], dir));
    const refused = await runCli(['import', truth.lender, '--workspace', ws, '--json'], dir);
    assert.match(refused.stderr, /PII_REFUSED/, 'the raw lender file is refused');
    json(await runCli(['import', lender.output, '--workspace', ws, '--name', 'lender', '--party', 'lender', '--json'], dir));
    json(await runCli(['import', partner.output, '--workspace', ws, '--name', 'partner', '--party', 'partner', '--json'], dir));
    const j = json<JoinResult>(await runCli(['join', '--workspace', ws, '--left', 'lender', '--right', 'partner', '--on', 'phone_hmac_sha256', '--name', 'joint', '--how', 'left', '--json'], dir));
    assert.equal(j.matched, truth.shared);
    assert.equal(j.leftRows, truth.lenderRows - truth.invalidLenderPhones);
    assert.equal(j.rightRows, truth.partnerRows);
    // the known effect: drawn-down borrowers with many loan apps go bad more often
    const p = json<DatasetProfile>(await runCli(['profile', '--workspace', ws, '--dataset', 'joint', '--target', 'bad', '--json'], dir));
    const loanApps = p.columns.find((c) => c.name === 'loan_apps_installed')!.targetProfile!;
    assert.ok(loanApps.iv > 0.1, `IV of loan apps installed: ${loanApps.iv}`);
    const rates = loanApps.bins.filter((b) => b.label !== 'Missing' && b.count >= 20).map((b) => b.eventRate);
    assert.ok(rates[rates.length - 1]! > rates[0]!, `bad rate rises with loan apps: ${rates.join(', ')}`);
    const audit = json<{ ok: boolean; entries: number }>(await runCli(['audit', 'verify', '--workspace', ws, '--json'], dir));
    assert.deepEqual([audit.ok, audit.entries], [true, 4]);
  });
});
