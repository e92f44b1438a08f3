import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { json, runCli } from '../helpers/cli';
import { readCsv } from '../helpers/read-csv';
import { tempDir } from '../helpers/temp';
import { ARTIFACTS, browserSession, skipWithoutChromium } from '../helpers/browser-mode';

describe('the "Match ids privately" wizard, both roles (Playwright + Chromium)', { skip: skipWithoutChromium }, () => {
  const dir = tempDir();
  const lender = path.join(dir, 'lender'), partner = path.join(dir, 'partner');
  const session = browserSession(dir, { width: 1280, height: 800 });
  let page: Page;
  before(async () => {
    page = session.page;
    fs.mkdirSync(lender); fs.mkdirSync(partner);
    json(await runCli(['demo', 'generate', '--rows', '2000', '--seed', '5', '--out', dir, '--json'], dir));
    fs.renameSync(path.join(dir, 'lender.csv'), path.join(lender, 'lender.csv'));
    fs.renameSync(path.join(dir, 'partner.csv'), path.join(partner, 'partner.csv'));
  });

  const open = async () => {
    await page.getByRole('button', { name: 'Match ids privately…' }).click();
    return page.getByRole('dialog', { name: 'Match ids privately' });
  };
  const shot = async (name: string) => {
    for (const [w, h] of [[1280, 800], [1920, 1080]] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.screenshot({ path: path.join(ARTIFACTS, `psi-${name}-${w}.png`) });
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  };

  it('takes party A through start, party B through respond, A through finish and apply, B through apply: both keep the same matched people', { timeout: 240_000 }, async () => {
    await page.goto(`${session.url}?lang=en`);
    // Party A starts: its file, the id column found as phone numbers, the request to send named with what it reveals.
    let dialog = await open();
    await dialog.getByLabel('Your file with the ids').fill(path.join(lender, 'lender.csv'));
    await dialog.getByRole('button', { name: 'Read columns' }).click();
    await dialog.getByLabel('Id column').waitFor();
    assert.equal(await dialog.getByLabel('Id column').inputValue(), 'phone');
    assert.equal(await dialog.getByLabel('Id kind').inputValue(), 'phone');
    await dialog.getByRole('note').filter({ hasText: 'how many distinct ids you have, nothing else' }).waitFor();
    await shot('1-start');
    await dialog.getByRole('button', { name: 'Write the request' }).click();
    const started = dialog.getByRole('status');
    await started.filter({ hasText: /Blinded \d+ distinct ids of 2000 rows/ }).waitFor({ timeout: 60_000 });
    await started.filter({ hasText: `Send ${path.join(lender, 'request.psi')} to the partner.` }).waitFor();
    await started.filter({ hasText: 'never send it' }).waitFor();
    await shot('2-started');
    await dialog.getByRole('button', { name: 'Done', exact: true }).click();
    fs.copyFileSync(path.join(lender, 'request.psi'), path.join(partner, 'request.psi'));

    // Party B responds.
    dialog = await open();
    await dialog.getByRole('radio', { name: /Respond/ }).check();
    await dialog.getByLabel('Request from the partner (.psi)').fill(path.join(partner, 'request.psi'));
    await dialog.getByLabel('Your file with the ids').fill(path.join(partner, 'partner.csv'));
    await dialog.getByRole('button', { name: 'Read columns' }).click();
    await dialog.getByLabel('Id column').waitFor();
    await shot('3-respond');
    await dialog.getByRole('button', { name: 'Write the response' }).click();
    await dialog.getByRole('status').filter({ hasText: `Send ${path.join(partner, 'response.psi')} to the partner.` }).waitFor({ timeout: 60_000 });
    // B's next step is apply, its secret already filled in.
    await dialog.getByRole('button', { name: 'Your next step: Apply' }).click();
    assert.equal(await dialog.getByLabel('Your secret from your first step (.key)').inputValue(), path.join(partner, 'response.psi.key'));
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    fs.copyFileSync(path.join(partner, 'response.psi'), path.join(lender, 'response.psi'));

    // Party A finishes, then applies: the matches file and its secret carried to the next step.
    dialog = await open();
    await dialog.getByRole('radio', { name: /Finish/ }).check();
    await dialog.getByLabel('Your secret from your first step (.key)').fill(path.join(lender, 'request.psi.key'));
    await dialog.getByLabel("Partner's response (.psi)").fill(path.join(partner, 'response.psi').replace(partner, lender));
    await dialog.getByRole('note').filter({ hasText: 'The matches file stays with you' }).waitFor();
    await dialog.getByRole('button', { name: 'Find the matches' }).click();
    const finished = dialog.getByRole('status');
    await finished.filter({ hasText: /\d+ of your \d+ ids are also among the partner's \d+/ }).waitFor({ timeout: 60_000 });
    await finished.filter({ hasText: `Send ${path.join(lender, 'reveal.psi')} to the partner.` }).waitFor();
    await shot('4-finished');
    const matches = Number(/(\d+) of your/.exec(await finished.textContent() ?? '')![1]);
    await dialog.getByRole('button', { name: 'Your next step: Apply' }).click();
    assert.equal(await dialog.getByLabel(/^Matches \(party A/).inputValue(), path.join(lender, 'matches.csv'));
    await dialog.getByLabel('Your file with the ids').fill(path.join(lender, 'lender.csv'));
    await dialog.getByRole('button', { name: 'Write the matched rows' }).click();
    await dialog.getByRole('status').filter({ hasText: `Wrote the ${matches} matched rows of 2000` }).waitFor({ timeout: 60_000 });
    await shot('5-applied');
    await dialog.getByRole('button', { name: 'Done', exact: true }).click();
    fs.copyFileSync(path.join(lender, 'reveal.psi'), path.join(partner, 'reveal.psi'));

    // Party B applies the reveal.
    dialog = await open();
    await dialog.getByRole('radio', { name: /Apply/ }).check();
    await dialog.getByLabel('Your secret from your first step (.key)').fill(path.join(partner, 'response.psi.key'));
    await dialog.getByLabel(/^Matches \(party A/).fill(path.join(partner, 'reveal.psi'));
    await dialog.getByLabel('Your file with the ids').fill(path.join(partner, 'partner.csv'));
    await dialog.getByRole('button', { name: 'Write the matched rows' }).click();
    await dialog.getByRole('status').filter({ hasText: `Wrote the ${matches} matched rows of 2000` }).waitFor({ timeout: 60_000 });
    await dialog.getByRole('button', { name: 'Done', exact: true }).click();

    const a = readCsv(path.join(lender, 'lender.matched.csv')), b = readCsv(path.join(partner, 'partner.matched.csv'));
    assert.equal(a.rows.length, matches);
    assert.deepEqual(new Set(a.rows.map((r) => r[0])), new Set(b.rows.map((r) => r[0])), 'both parties hold the same tokens');
    assert.ok(matches > 500);
    assert.deepEqual(session.problems, []);
  });
});
