import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { generateDemoSession, type DemoRequest } from '../../data/demo/generate-session';
import { startComputeHelper } from '../../service/jobs/compute-helper';
import { REPO, tempDir } from '../helpers/temp';

const dir = tempDir();
const helper = startComputeHelper(path.join(REPO, 'service', 'jobs', 'worker-entry.ts'));
after(() => helper.stop());
const controls = { signal: { aborted: false }, onProgress: () => {} };

describe('the sample data made on two threads', () => {
  it('writes byte for byte the files one thread writes, with the same truth (drifts, broken phones, truth-bad.csv)', async () => {
    const base: Omit<DemoRequest, 'out'> = { rows: 150_000, seed: 9, truth: true, drift: [{ column: 'video_min', months: ['2025-03', '2025-04'], change: 'scale', by: 1.5 }, { column: 'city_tier', months: ['2025-07'], change: 'missing', by: 0 }] };
    let parts = 0;
    const one = await generateDemoSession({ ...base, out: path.join(dir, 'one') }, controls);
    const two = await generateDemoSession({ ...base, out: path.join(dir, 'two') }, controls, async (task) => { parts++; return helper.demoParts(task); });
    assert.equal(parts, 1, 'the later half was made on the helper');
    for (const f of ['lender.csv', 'partner.csv', 'truth-bad.csv']) assert.ok(fs.readFileSync(path.join(dir, 'one', f)).equals(fs.readFileSync(path.join(dir, 'two', f))), f);
    const strip = (t: typeof one) => ({ ...t, lender: '', partner: '', truthBad: '' });
    assert.deepEqual(strip(two), strip(one));
    assert.ok(one.invalidLenderPhones > 0 && one.drift!.every((d) => d.rows > 0));
  });

  it('leaves no file behind when the helper fails making its half', async () => {
    const out = path.join(dir, 'failing');
    const failing = async () => { throw new Error('the helper thread stopped'); };
    await assert.rejects(generateDemoSession({ rows: 150_000, seed: 9, out }, controls, failing), /the helper thread stopped/);
    const left = fs.existsSync(out) ? fs.readdirSync(out) : [];
    assert.deepEqual(left, [], 'nothing written, no temporary file left');
  });
});
