import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { normalizePhone } from '../../data/pseudonymize/normalize';
import { hashToGroup } from '../../data/psi/psi-group';
import { createService, type Service } from '../../service/create-service';
import type { PsiStepResult } from '../../service/contract';
import { AppError } from '../../types/errors';
import type { Progress } from '../../types/progress';
import { json, runCli } from '../helpers/cli';
import { readCsv } from '../helpers/read-csv';
import { tempDir } from '../helpers/temp';

/** The first column of a CSV (the raw phones of the generator's files). */
const phonesOf = (file: string) => readCsv(file).rows.map((r) => r[0]!);

/** Every 32-byte window of a file, as hex: any element a file could carry, wherever it sits. */
function windows(file: string): Set<string> {
  const b = fs.readFileSync(file);
  const out = new Set<string>();
  for (let i = 0; i + 32 <= b.length; i++) out.add(b.toString('hex', i, i + 32));
  return out;
}

describe('private set intersection by exchanged files (two parties, two folders, the CLI)', () => {
  const root = tempDir();
  const a = path.join(root, 'lender'), b = path.join(root, 'partner');
  const cli = (args: string[], cwd: string) => runCli([...args, '--json'], cwd);
  let truth: Set<string>;
  let lenderPhones: string[], partnerPhones: string[];

  before(async () => {
    fs.mkdirSync(a); fs.mkdirSync(b);
    json(await runCli(['demo', 'generate', '--rows', '3000', '--seed', '11', '--out', root, '--json'], root));
    fs.renameSync(path.join(root, 'lender.csv'), path.join(a, 'lender.csv'));
    fs.renameSync(path.join(root, 'partner.csv'), path.join(b, 'partner.csv'));
    // Each party's file gets a row number of its own, so the test can tell which person a matched row is.
    for (const file of [path.join(a, 'lender.csv'), path.join(b, 'partner.csv')]) {
      const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0);
      fs.writeFileSync(file, `${lines.map((l, i) => `${l},${i === 0 ? 'row_no' : i}`).join('\n')}\n`);
    }
    lenderPhones = phonesOf(path.join(a, 'lender.csv'));
    partnerPhones = phonesOf(path.join(b, 'partner.csv'));
    const partner = new Set(partnerPhones.map((p) => normalizePhone(p)).filter((n) => n.ok).map((n) => n.value));
    truth = new Set(lenderPhones.map((p) => normalizePhone(p)).filter((n) => n.ok && partner.has(n.value)).map((n) => n.value));
  });

  it('finds exactly the shared ids, gives both parties the same token for each, and nothing in any file tests against a dictionary of every raw id', async () => {
    const start = json<PsiStepResult>(await cli(['psi', 'start', '--input', path.join(a, 'lender.csv'), '--key', 'phone', '--key-kind', 'phone', '--out', path.join(a, 'request.psi'), '--secret-out', path.join(a, 'a.key')], a));
    assert.equal(start.send, path.join(a, 'request.psi'));
    assert.equal(fs.statSync(path.join(a, 'a.key')).mode & 0o777, 0o600, 'the secret is readable by its owner only');
    fs.copyFileSync(path.join(a, 'request.psi'), path.join(b, 'request.psi'));
    const respond = json<PsiStepResult>(await cli(['psi', 'respond', '--request', path.join(b, 'request.psi'), '--input', path.join(b, 'partner.csv'), '--key', 'phone', '--key-kind', 'phone', '--out', path.join(b, 'response.psi'), '--secret-out', path.join(b, 'b.key')], b));
    assert.equal(respond.partnerIds, start.ids);
    fs.copyFileSync(path.join(b, 'response.psi'), path.join(a, 'response.psi'));
    const finish = json<PsiStepResult>(await cli(['psi', 'finish', '--request-state', path.join(a, 'a.key'), '--response', path.join(a, 'response.psi'), '--out', path.join(a, 'matches.csv'), '--reveal-to-partner', path.join(a, 'reveal.psi')], a));
    assert.equal(finish.matches, truth.size, 'the intersection is the generator\'s, exactly');
    fs.copyFileSync(path.join(a, 'reveal.psi'), path.join(b, 'reveal.psi'));
    json(await cli(['psi', 'apply', '--state', path.join(a, 'a.key'), '--matches', path.join(a, 'matches.csv'), '--input', path.join(a, 'lender.csv'), '--out', path.join(a, 'lender.matched.csv')], a));
    json(await cli(['psi', 'apply', '--state', path.join(b, 'b.key'), '--reveal', path.join(b, 'reveal.psi'), '--input', path.join(b, 'partner.csv'), '--out', path.join(b, 'partner.matched.csv')], b));

    // Each party's matched rows are exactly its rows with a shared phone, and a token joins the same person.
    const lender = readCsv(path.join(a, 'lender.matched.csv')), partner = readCsv(path.join(b, 'partner.matched.csv'));
    assert.equal(lender.header[0], 'psi_token');
    assert.equal(lender.rows.length, truth.size);
    assert.equal(partner.rows.length, truth.size);
    /** Each matched row's token → the normalized phone of the input row it came from (by the row number column). */
    const personOf = (rows: string[][], phones: string[]) => new Map(rows.map((r) => [r[0]!, normalizePhone(phones[Number(r[r.length - 1]) - 1]!).value]));
    const lenderPerson = personOf(lender.rows, lenderPhones);
    const partnerPerson = personOf(partner.rows, partnerPhones);
    assert.equal(lenderPerson.size, truth.size);
    for (const [token, phone] of lenderPerson) {
      assert.ok(truth.has(phone));
      assert.equal(partnerPerson.get(token), phone, 'both parties hold the token for the same person');
    }

    // In the joint workspace the tokens are the key: every matched row of one party joins one of the other's.
    const ws = path.join(root, 'joint.jsw');
    json(await cli(['workspace', 'create', ws], root));
    json(await cli(['import', path.join(a, 'lender.matched.csv'), '--workspace', ws, '--name', 'lender'], root));
    json(await cli(['import', path.join(b, 'partner.matched.csv'), '--workspace', ws, '--name', 'partner'], root));
    const joined = json<{ rows: number; matched: number }>(await cli(['join', '--workspace', ws, '--left', 'lender', '--right', 'partner', '--on', 'psi_token', '--name', 'joint'], root));
    assert.equal(joined.matched, truth.size);
    // The lender keeps its whole population for a left join: unmatched rows with an empty token (they never left its machine).
    json(await cli(['psi', 'apply', '--state', path.join(a, 'a.key'), '--matches', path.join(a, 'matches.csv'), '--input', path.join(a, 'lender.csv'), '--out', path.join(a, 'lender.all.csv'), '--all-rows'], a));
    const all = readCsv(path.join(a, 'lender.all.csv'));
    assert.equal(all.rows.length, lenderPhones.length);
    assert.equal(all.rows.filter((r) => r[0] !== '').length, truth.size);
    json(await cli(['import', path.join(a, 'lender.all.csv'), '--workspace', ws, '--name', 'lender_all', '--type', 'psi_token=key'], root));
    const left = json<{ rows: number; matched: number }>(await cli(['join', '--workspace', ws, '--left', 'lender_all', '--right', 'partner', '--on', 'psi_token', '--how', 'left', '--name', 'joint_all'], root));
    assert.equal(left.rows, lenderPhones.length);
    assert.equal(left.matched, truth.size);

    // The dictionary attack: every raw id either party holds, hashed every way a party could, against every 32-byte window of every file that left its owner.
    const dictionary = new Set<string>();
    const element = new Uint8Array(32);
    for (const raw of [...lenderPhones, ...partnerPhones]) {
      const n = normalizePhone(raw);
      const id = n.ok ? n.value : raw;
      hashToGroup('phone', id, element, 0);
      dictionary.add(Buffer.from(element).toString('hex'));
      dictionary.add(crypto.createHash('sha256').update(id).digest('hex'));
    }
    for (const file of [path.join(a, 'request.psi'), path.join(b, 'response.psi'), path.join(a, 'reveal.psi'), path.join(b, 'partner.matched.csv'), path.join(a, 'lender.matched.csv')]) {
      const seen = windows(file);
      for (const d of dictionary) assert.ok(!seen.has(d), `${path.basename(file)} carries a hashed id`);
      const text = fs.readFileSync(file, 'latin1');
      for (const raw of [...lenderPhones.slice(0, 300), ...partnerPhones.slice(0, 300)]) { const n = normalizePhone(raw); assert.ok(!text.includes(n.ok ? n.value : raw), `${path.basename(file)} carries a raw id`); }
    }
    // The reveal names only the partner's matched positions: its size is the match count's.
    assert.ok(fs.statSync(path.join(a, 'reveal.psi')).size < 400 + truth.size * 20 + 64);
  });

  it('refuses a tampered, truncated, out-of-order, mismatched or foreign file, naming what is wrong, and writes nothing', async () => {
    const request = path.join(b, 'request.psi');
    const bad = (name: string, bytes: Buffer) => { const f = path.join(b, name); fs.writeFileSync(f, bytes); return f; };
    const original = fs.readFileSync(request);
    const flipped = Buffer.from(original); flipped[original.length - 100]! ^= 1;
    const cases: [string[], RegExp][] = [
      [['psi', 'respond', '--request', bad('tampered.psi', flipped), '--input', path.join(b, 'partner.csv'), '--key', 'phone', '--key-kind', 'phone', '--out', path.join(b, 'r1.psi')], /HASH_MISMATCH.*checksum/],
      [['psi', 'respond', '--request', bad('short.psi', original.subarray(0, original.length - 10)), '--input', path.join(b, 'partner.csv'), '--key', 'phone', '--key-kind', 'phone', '--out', path.join(b, 'r2.psi')], /truncated/],
      [['psi', 'respond', '--request', path.join(b, 'response.psi'), '--input', path.join(b, 'partner.csv'), '--key', 'phone', '--key-kind', 'phone', '--out', path.join(b, 'r3.psi')], /response file, where the request file is needed/],
      [['psi', 'respond', '--request', request, '--input', path.join(b, 'partner.csv'), '--key', 'phone', '--key-kind', 'idcard', '--out', path.join(b, 'r4.psi')], /normalized ids as 'jointscore-v1:phone'/],
      [['psi', 'finish', '--request-state', path.join(b, 'b.key'), '--response', path.join(a, 'response.psi'), '--out', path.join(b, 'm.csv')], /party B's state; this step needs party A's/],
      [['psi', 'apply', '--state', path.join(b, 'b.key'), '--reveal', request, '--input', path.join(b, 'partner.csv'), '--out', path.join(b, 'p2.csv')], /request file, where the reveal file is needed/],
      [['psi', 'apply', '--state', path.join(a, 'a.key'), '--matches', path.join(a, 'matches.csv'), '--input', path.join(b, 'partner.csv'), '--out', path.join(b, 'p3.csv')], /no column 'phone'|not the file this party hashed/],
    ];
    // A response changed in its last partner element: the finishing side streams it and refuses it at the end, before writing.
    const response = fs.readFileSync(path.join(a, 'response.psi'));
    const changed = Buffer.from(response); changed[response.length - 40]! ^= 1;
    fs.writeFileSync(path.join(a, 'changed.psi'), changed);
    cases.push([['psi', 'finish', '--request-state', path.join(a, 'a.key'), '--response', path.join(a, 'changed.psi'), '--out', path.join(b, 'm2.csv'), '--reveal-to-partner', path.join(b, 'rv2.psi')], /HASH_MISMATCH.*checksum/]);
    for (const [args, message] of cases) {
      const r = await runCli(args, b);
      assert.equal(r.code, 1, args.join(' '));
      assert.match(r.stderr, message);
    }
    // A second session's response does not finish the first's.
    const other = path.join(root, 'other');
    fs.mkdirSync(other);
    json(await cli(['psi', 'start', '--input', path.join(a, 'lender.csv'), '--key', 'phone', '--key-kind', 'phone', '--out', path.join(other, 'request.psi')], other));
    const r = await runCli(['psi', 'finish', '--request-state', path.join(other, 'request.psi.key'), '--response', path.join(a, 'response.psi'), '--out', path.join(other, 'm.csv')], other);
    assert.match(r.stderr, /answers another session/);
    for (const f of ['r1.psi', 'r2.psi', 'r3.psi', 'r4.psi', 'm.csv', 'm2.csv', 'rv2.psi', 'p2.csv', 'p3.csv']) assert.ok(!fs.existsSync(path.join(b, f)), `${f} was not written`);
    assert.ok(!fs.existsSync(path.join(other, 'm.csv')));
    assert.deepEqual(fs.readdirSync(b).filter((f) => f.includes('.partial-')), []);
  });
});

describe('private set intersection: cancel', () => {
  const dir = tempDir();
  let service: Service;
  before(() => {
    const rows = Array.from({ length: 120_000 }, (_, i) => `1${String(3_000_000_000 + i * 7)}`);
    fs.writeFileSync(path.join(dir, 'ids.csv'), `phone\n${rows.join('\n')}\n`);
    service = createService({ mode: 'cli', settingsDir: dir });
  });
  after(() => service.close());

  it('a cancelled step stops both threads and leaves neither the request nor the secret', async () => {
    let progress = 0;
    const off = service.on((e) => {
      if (e.event === 'job.progress' && (e.payload as Progress).id === 'cancel-psi' && (e.payload as Progress).phase === 'blind' && progress++ === 0) void service.call('jobs.cancel', { jobId: 'cancel-psi' });
    });
    await assert.rejects(
      service.call('psi.start', { input: path.join(dir, 'ids.csv'), key: 'phone', keyKind: 'phone', out: path.join(dir, 'request.psi'), jobId: 'cancel-psi' }),
      (e: unknown) => e instanceof AppError && e.code === 'CANCELLED',
    );
    off();
    assert.ok(progress >= 1);
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.startsWith('request')), []);
  });
});
