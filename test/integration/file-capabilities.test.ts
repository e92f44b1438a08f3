import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { createService } from '../../service/create-service';
import { AppError } from '../../types/errors';
import { SHARED_DATA, tempDir } from '../helpers/temp';

const GERMAN = path.join(SHARED_DATA, 'germancredit.csv');

async function refusedWith(p: Promise<unknown>, option: string): Promise<void> {
  await assert.rejects(p, (e: unknown) => e instanceof AppError && e.code === 'PATH_NOT_ALLOWED' && e.details.option === option);
}

describe('file capabilities of the desktop app', () => {
  const settings = tempDir();
  const home = tempDir();
  const service = createService({ mode: 'electron', settingsDir: settings });
  after(() => service.close());

  it('uses no path the user did not pick: a data file, a workspace, an output, a folder listing', async () => {
    await refusedWith(service.call('import.preview', { file: GERMAN }), 'file');
    await refusedWith(service.call('import.preview', { file: '/etc/passwd' }), 'file');
    await refusedWith(service.call('files.list', { dir: home }), 'dir');
    await refusedWith(service.call('workspace.create', { path: path.join(home, 'w.jsw') }), 'path');
    await refusedWith(service.call('secret.generate', { path: path.join(home, 's.key') }), 'path');
    assert.equal(fs.readdirSync(home).length, 0, 'nothing was written');
  });

  it('uses a file once it is picked in the dialog, the workspace saved there and its folder, and new files beside a picked input', async () => {
    service.grant(GERMAN, 'file');
    const preview = await service.call('import.preview', { file: GERMAN });
    assert.ok(preview.columns.length > 10);
    const workspace = path.join(home, 'picked.jsw');
    service.grant(workspace, 'file');
    await service.call('workspace.create', { path: workspace });
    await service.call('import.run', { workspace, file: GERMAN, name: 'g' });
    // The workspace's folder is the user's: an audit export beside it needs no dialog.
    const r = await service.call('audit.export', { workspace, out: path.join(home, 'audit.csv') });
    assert.ok(fs.existsSync(r.out));
    // A picked file's folder is not: another file there stays out of reach.
    await refusedWith(service.call('import.preview', { file: path.join(SHARED_DATA, 'hmeq.csv') }), 'file');
    // The app's own settings folder (secrets, sample sessions) is always usable.
    const secret = await service.call('secret.generate', {});
    assert.ok(secret.path.startsWith(settings));
  });

  it('reopens the recent workspaces after a restart, and nothing else', async () => {
    const again = createService({ mode: 'electron', settingsDir: settings });
    try {
      const info = await again.call('workspace.open', { path: path.join(home, 'picked.jsw') });
      assert.equal(info.datasets.length, 1);
      await refusedWith(again.call('import.preview', { file: GERMAN }), 'file');
    } finally {
      again.close();
    }
  });

  it('the CLI uses whatever paths its user names', async () => {
    const cli = createService({ mode: 'cli', settingsDir: tempDir() });
    try {
      assert.ok((await cli.call('import.preview', { file: path.join(SHARED_DATA, 'hmeq.csv') })).columns.length > 5);
    } finally {
      cli.close();
    }
  });
});
