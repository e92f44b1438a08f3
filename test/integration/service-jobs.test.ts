import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readColumn } from '../../data/store/column-chunks';
import { createService, type Service } from '../../service/create-service';
import type { Progress } from '../../types/progress';
import { AppError } from '../../types/errors';
import { tempDir } from '../helpers/temp';
import { clearHolder, markHolder } from '../../service/jobs/workspace-holder';
import { defaultWorkerScript } from '../../service/jobs/job-runner';
import { launcherSlot, startStandbyWorker } from '../../service/jobs/standby-worker';
import { JobRunner } from '../../service/jobs/job-runner';

/** A seeded CSV of `rows` × 12 columns (numbers, categories, missing values). */
function writeCsv(file: string, rows: number): void {
  let s = 42;
  const rand = () => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648; };
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, `id,${Array.from({ length: 8 }, (_, i) => `x${i}`).join(',')},city,grade,bad\n`);
  let buf = '';
  for (let r = 0; r < rows; r++) {
    const xs = Array.from({ length: 8 }, () => (rand() < 0.05 ? '' : (rand() * 1000).toFixed(2)));
    buf += `${r},${xs.join(',')},c${Math.floor(rand() * 30)},${'ABCDE'[Math.floor(rand() * 5)]},${rand() < 0.2 ? 1 : 0}\n`;
    if (buf.length > 1 << 20) { fs.writeSync(fd, buf); buf = ''; }
  }
  fs.writeSync(fd, buf);
  fs.closeSync(fd);
}

describe('service: jobs in worker threads, progress, cancel, columnar reads', () => {
  const dir = tempDir();
  const ws = path.join(dir, 'jobs.jsw');
  const big = path.join(dir, 'big.csv');
  let service: Service;
  before(async () => {
    writeCsv(big, 400_000);
    service = createService({ mode: 'cli', settingsDir: dir });
    await service.call('workspace.create', { path: ws });
  });
  after(() => service.close());

  it('a job takes the worker started ahead of it (its code already loaded), the next starts its own, and a standby for another script is left alone', async () => {
    const small = path.join(dir, 'standby.csv');
    fs.writeFileSync(small, 'id,x,bad\na,1,0\nb,2,1\nc,3,0\n');
    const registered = () => launcherSlot().waiting;
    startStandbyWorker(defaultWorkerScript());
    assert.ok(registered(), 'a standby worker waits in the process\'s slot');
    const first = await service.call('import.run', { workspace: ws, file: small, name: 'standby_first' });
    assert.equal(registered(), null, 'the job took it');
    assert.equal(first.rows, 3);
    const second = await service.call('import.run', { workspace: ws, file: small, name: 'standby_second' });
    assert.equal(second.rows, 3);
    startStandbyWorker(path.join(dir, 'other-worker.cjs'));
    assert.equal(launcherSlot().take(defaultWorkerScript()), null, 'not the job worker');
    launcherSlot().stop();
    await service.call('datasets.delete', { workspace: ws, dataset: 'standby_first' });
    await service.call('datasets.delete', { workspace: ws, dataset: 'standby_second' });
  });

  it('the app keeps a job worker warm in its own slot: one waits from the start, a job takes it, another waits after the job, and closing stops it', async () => {
    launcherSlot().stop();
    const runner = new JobRunner(defaultWorkerScript(), true);
    try {
      const first = runner.warmSlot.waiting;
      assert.ok(first, 'a worker waits from the start');
      assert.equal(launcherSlot().waiting, null, 'not in the process\'s slot: two runners keep one each');
      const small = path.join(dir, 'warm.csv');
      fs.writeFileSync(small, 'id,x,bad\na,1,0\nb,2,1\nc,3,0\n');
      const appWs = path.join(dir, 'warm.jsw');
      await service.call('workspace.create', { path: appWs });
      const imported = await runner.run('import', appWs, { file: small, name: 'warm' }, undefined, () => {});
      assert.equal(imported.rows, 3);
      const next = runner.warmSlot.waiting;
      assert.ok(next && next !== first, 'the job took the waiting worker and another waits for the next job');
    } finally {
      runner.close();
    }
    assert.equal(runner.warmSlot.waiting, null, 'closing stopped it');
    const app = createService({ mode: 'electron', settingsDir: dir, fileRoots: [dir] });
    try {
      assert.equal(launcherSlot().waiting, null, 'the app keeps its warm worker in its runner');
    } finally {
      app.close();
    }
  });

  it('an edit made while an import writes waits its turn (a queued job) instead of failing on the lock', async () => {
    const small = path.join(dir, 'small.csv');
    fs.writeFileSync(small, 'id,x,bad\na,1,0\nb,2,1\nc,3,0\n');
    await service.call('import.run', { workspace: ws, file: small, name: 'small' });
    const events: string[] = [];
    const off = service.on((e) => { if (e.event === 'job.started' || e.event === 'job.finished') events.push(`${e.event}:${(e.payload as { kind?: string; id: string }).kind ?? (e.payload as { id: string }).id}`); });
    const importing = service.call('import.run', { workspace: ws, file: big, name: 'big_queued' });
    await new Promise((r) => setTimeout(r, 200));
    const edited = await service.call('datasets.setRole', { workspace: ws, dataset: 'small', column: 'x', role: 'exclude' });
    const committed = new Database(ws, { readonly: true });
    assert.equal(committed.prepare("SELECT row_count FROM datasets WHERE name = 'big_queued'").pluck().get(), 400_000, 'the edit ran after the import committed');
    committed.close();
    assert.equal(edited.columns.find((c) => c.name === 'x')!.role, 'exclude');
    await importing;
    off();
    assert.ok(events.includes('job.started:queued') && events.some((e) => e.startsWith('job.finished:queued')), events.join(' '));
    await service.call('datasets.delete', { workspace: ws, dataset: 'big_queued' });
    await service.call('datasets.delete', { workspace: ws, dataset: 'small' });
  });

  it('a workspace another process is writing to is WORKSPACE_BUSY, naming the job that holds it', async () => {
    const small = path.join(dir, 'small2.csv');
    fs.writeFileSync(small, 'id,x,bad\na,1,0\nb,2,1\n');
    await service.call('import.run', { workspace: ws, file: small, name: 'small2' });
    // Another process: an import holding the write lock (here, this test's own connection and marker).
    const other = new Database(ws);
    markHolder(ws, 'import');
    other.exec('BEGIN IMMEDIATE');
    try {
      await assert.rejects(service.call('datasets.setRole', { workspace: ws, dataset: 'small2', column: 'x', role: 'exclude' }), (e: unknown) =>
        e instanceof AppError && e.code === 'WORKSPACE_BUSY' && new RegExp(`busy: an import job \\(process ${process.pid}, since`).test(e.message) && e.details.file === path.resolve(ws));
    } finally {
      other.exec('ROLLBACK');
      other.close();
      clearHolder(ws);
    }
    await service.call('datasets.delete', { workspace: ws, dataset: 'small2' });
  });

  it('a cancelled import leaves no dataset, no chunk and no audit entry behind', async () => {
    const before = new Database(ws, { readonly: true });
    const auditBefore = before.prepare('SELECT COUNT(*) FROM audit_log').pluck().get();
    before.close();
    let sawProgress = false;
    const off = service.on((e) => {
      if (e.event === 'job.progress' && (e.payload as Progress).id === 'cancel-me' && !sawProgress) {
        sawProgress = true;
        void service.call('jobs.cancel', { jobId: 'cancel-me' });
      }
    });
    await assert.rejects(service.call('import.run', { workspace: ws, file: big, name: 'big', jobId: 'cancel-me' }), (e: unknown) => e instanceof AppError && e.code === 'CANCELLED');
    off();
    assert.ok(sawProgress, 'progress arrived before completion');
    assert.deepEqual(await service.call('datasets.list', { workspace: ws }), []);
    const db = new Database(ws, { readonly: true });
    assert.equal(db.prepare('SELECT COUNT(*) FROM column_chunks').pluck().get(), 0);
    assert.equal(db.prepare('SELECT COUNT(*) FROM audit_log').pluck().get(), auditBefore);
    db.close();
  });

  it('a cancelled two-thread pseudonymization stops both threads and leaves no output, rejects or part file', async () => {
    const out = path.join(dir, 'cancelled.h.csv');
    let progress = 0;
    const off = service.on((e) => {
      if (e.event === 'job.progress' && (e.payload as Progress).id === 'cancel-hash' && progress++ === 0) void service.call('jobs.cancel', { jobId: 'cancel-hash' });
    });
    await assert.rejects(
      service.call('pseudonymize.run', { input: big, output: out, key: 'id', keyKind: 'text', hash: 'sha256', jobId: 'cancel-hash' }),
      (e: unknown) => e instanceof AppError && e.code === 'CANCELLED',
    );
    off();
    assert.ok(progress >= 1);
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.startsWith('cancelled')), []);
  });

  it('a cancelled training stores no model and no audit entry', async () => {
    await service.call('import.run', { workspace: ws, file: big, name: 'to-train', jobId: 'import-to-train' });
    const db = new Database(ws, { readonly: true });
    const auditBefore = db.prepare('SELECT COUNT(*) FROM audit_log').pluck().get();
    db.close();
    let epochs = 0;
    const off = service.on((e) => {
      if (e.event === 'job.progress' && (e.payload as Progress).id === 'cancel-train' && (e.payload as Progress).phase === 'train' && epochs++ === 0) void service.call('jobs.cancel', { jobId: 'cancel-train' });
    });
    await assert.rejects(
      service.call('model.train', { workspace: ws, dataset: 'to-train', target: 'bad', model: 'mlp', mlp: { epochs: 200, patience: 200 }, jobId: 'cancel-train' }),
      (e: unknown) => e instanceof AppError && e.code === 'CANCELLED',
    );
    off();
    assert.ok(epochs >= 1, 'an epoch was reported before the cancel');
    assert.deepEqual(await service.call('model.list', { workspace: ws }), []);
    const after = new Database(ws, { readonly: true });
    assert.equal(after.prepare('SELECT COUNT(*) FROM audit_log').pluck().get(), auditBefore);
    after.close();
    await service.call('datasets.delete', { workspace: ws, dataset: 'to-train' });
  });

  it('imports in a worker with throttled progress ending at the full size, and the service stays responsive', async () => {
    const events: Progress[] = [];
    const off = service.on((e) => { if (e.event === 'job.progress') events.push(e.payload as Progress); });
    const pending = service.call('import.run', { workspace: ws, file: big, name: 'big', jobId: 'full' });
    const t = performance.now();
    await service.call('app.info', {});
    assert.ok(performance.now() - t < 200, 'a call answered while the import runs');
    const r = await pending;
    off();
    assert.equal(r.rows, 400_000);
    const reads = events.filter((e) => e.id === 'full' && e.phase === 'read');
    assert.ok(reads.length >= 2);
    assert.equal(reads[reads.length - 1]!.done, fs.statSync(big).size);
    assert.deepEqual(r.columns.find((c) => c.name === 'grade'), { name: 'grade', type: 'categorical', role: 'feature', missing: 0, distinct: 5 });
    assert.equal(r.columns.find((c) => c.name === 'bad')!.role, 'target');
  });

  it('reads one column through its own chunks only (query plan uses the column index)', () => {
    const db = new Database(ws, { readonly: true });
    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT row_start, data FROM column_chunks WHERE column_id = ? ORDER BY chunk_index').all(1) as { detail: string }[];
    assert.match(plan.map((p) => p.detail).join(' | '), /SEARCH column_chunks USING INDEX/);
    const col = readColumn(db, 'big', 'x3');
    assert.equal(col.kind, 'f64');
    assert.equal(col.kind === 'f64' && col.values.length, 400_000);
    db.close();
  });

  it('serves a window of rows for the grid, decoding categories and missing values', async () => {
    const w = await service.call('datasets.rows', { workspace: ws, dataset: 'big', offset: 65_530, limit: 12, columns: ['id', 'grade', 'x0'] });
    assert.deepEqual(w.values[0], Array.from({ length: 12 }, (_, i) => String(65_530 + i)), 'id is a key, stored as codes');
    assert.ok(w.values[1]!.every((g) => typeof g === 'string' && 'ABCDE'.includes(g)));
    await assert.rejects(service.call('datasets.rows', { workspace: ws, dataset: 'big', offset: -1, limit: 5 }), /offset/);
  });

  it('stores the profile so reopening it is instant', async () => {
    const t = performance.now();
    const p = await service.call('profile.get', { workspace: ws, dataset: 'big' });
    assert.ok(performance.now() - t < 500);
    assert.equal(p.columns.length, 12);
    const withTarget = await service.call('profile.get', { workspace: ws, dataset: 'big', target: 'bad' });
    assert.equal(withTarget.target, 'bad');
    const t2 = performance.now();
    await service.call('profile.get', { workspace: ws, dataset: 'big', target: 'bad' });
    assert.ok(performance.now() - t2 < 500);
  });
});
