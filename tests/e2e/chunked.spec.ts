import { test, expect, Page } from '@playwright/test';
import * as fs from 'node:fs';
import { expectFrenchFallback, hostConfig } from './host';

// The default help center written as a chunked bundle (scripts/test.sh:
// `guichet-content build --out dist/bundle-chunked --chunk-above 0`): the pane reads the
// manifest, then fetches per query the vocabulary part of the word being typed, the shards of
// its words (with their word positions, for the proximity re-rank) and the shown hits' articles.
const chunked = 'dist/bundle-chunked/help-center.en.json';

async function open(page: Page) {
  await hostConfig(page, { bundle: '/bundle-chunked' });
  await page.goto('/');
  await page.getByRole('button', { name: 'Help' }).click();
  return page.getByRole('combobox').first();
}

test.describe('chunked help center', () => {
  test.use({ locale: 'en-GB', timezoneId: 'Europe/London' });

  test('the test bundle is chunked', () => {
    expect(fs.existsSync(chunked), `${chunked} (built by scripts/test.sh)`).toBe(true);
    expect(JSON.parse(fs.readFileSync(chunked, 'utf8')).chunked).toBe(3);
  });

  test('search fetches parts on demand and finds what the whole bundle finds', async ({ page }) => {
    const fetched: string[] = [];
    page.on('request', (r) => { const m = /\/bundle-chunked\/help-center\.en\/(.+)$/.exec(r.url()); if (m) fetched.push(m[1]); });
    const box = await open(page);
    await expect(page.getByRole('heading', { name: 'Reopen a closed request' })).toHaveCount(0);
    await expect(page.getByRole('list', { name: 'Popular articles' }).getByRole('link')).toHaveCount(5);
    expect(fetched, 'nothing but the manifest before a query (promoted articles included)').toEqual([]);
    await box.fill('reopen a closed request');
    const first = page.getByRole('option').first();
    await expect(first).toContainText('Reopen a closed request');
    expect(fetched.some((f) => f.startsWith('words-')), fetched.join(', ')).toBe(true);
    expect(fetched.some((f) => f.startsWith('shard-')), fetched.join(', ')).toBe(true);
    expect(fetched.some((f) => f.startsWith('article-')), fetched.join(', ')).toBe(true);
    await first.click();
    await expect(page.getByRole('heading', { name: 'Reopen a closed request' })).toBeVisible();
    await expect(page.locator('.g-prose').first()).not.toBeEmpty();
  });

  test('the fallback to the other locale works on chunked bundles too', async ({ page }) => {
    await expectFrenchFallback(page, await open(page));
    await expect(page.locator('.g-prose').first()).not.toBeEmpty();
  });

  test('when the code that decodes chunked help centers cannot be fetched, the pane says so and Try again loads it', async ({ page }) => {
    // That code is a wasm part of its own (src/lazy.rs), fetched once the manifest says chunked.
    const decoder = /\/guichet-part-split-chunks-[0-9a-f]{16}\.wasm$/;
    let refused = 0;
    await page.route(decoder, (r) => (refused++ === 0 ? r.fulfill({ status: 503, body: 'down' }) : r.continue()));
    const box = await open(page);
    await expect(page.getByText(/help-center\.en\.json: the pane's code for this could not be loaded/)).toBeVisible();
    await page.getByRole('button', { name: 'Try again' }).click();
    await box.fill('severity');
    await expect(page.getByRole('option').first()).toContainText('Severity levels');
    expect(refused).toBe(2);
  });

  test('a word the help center lacks finds its near spelling through the vocabulary parts', async ({ page }) => {
    const box = await open(page);
    await box.fill('sevrity levles');
    await expect(page.getByRole('option').first()).toContainText('Severity levels');
  });

  for (const part of ['shard', 'words']) {
    test(`a ${part} part that fails to load says so and can be retried`, async ({ page }) => {
      const url = `**/bundle-chunked/help-center.en/${part}-*`;
      await page.route(url, (r) => r.fulfill({ status: 503, body: 'down' }));
      const box = await open(page);
      await box.fill('severity');
      const retry = page.getByRole('button', { name: 'Try again' });
      await expect(retry).toBeVisible();
      await expect(page.getByText(new RegExp(`${part}-\\d+\\.json: HTTP 503`))).toBeVisible();
      await page.unroute(url);
      await retry.click();
      await expect(page.getByRole('option').first()).toContainText('Severity levels');
      await expect(box).toHaveValue('severity');
    });
  }
});
