import { test, expect, Page } from '@playwright/test';

// The pane's wasm is split (guichet-content split-wasm): the first open downloads the main
// part; the article screen, the support contacts, the ticket form and My requests come in parts
// loaded on demand (src/lazy.rs). The article's is prefetched as soon as results are on screen,
// the contacts' and the ticket form's 1.5 s after.

const part = /\/guichet-part-[a-z0-9-]+-[0-9a-f]{16}\.wasm$/;

function partRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    const p = new URL(r.url()).pathname;
    if (part.test(p)) seen.push(p);
  });
  return seen;
}

test.use({ locale: 'en-US', timezoneId: 'America/New_York' });

test('the first results need no screen part; the contacts and ticket parts are prefetched after them and open at once', async ({ page }) => {
  await page.clock.install();
  const parts = partRequests(page);
  await page.goto('/');
  await page.getByRole('button', { name: 'Help' }).click();
  await page.getByRole('combobox', { name: 'Search help articles' }).fill('severity');
  await expect(page.getByRole('option').first()).toContainText('Severity levels');
  // (The directory's decoder is a part too, fetched with the directory after the first results.)
  expect(parts.filter((p) => /split-(contacts|ticket|requests)-/.test(p))).toEqual([]);
  // The prefetch waits 1.5 s, so as not to share the connection with what the results need.
  const contacts = page.waitForResponse((r) => /guichet-part-split-contacts-/.test(r.url()));
  const ticket = page.waitForResponse((r) => /guichet-part-split-ticket-/.test(r.url()));
  await page.clock.runFor(1600);
  expect((await contacts).status()).toBe(200);
  expect((await ticket).status()).toBe(200);
  const prefetched = parts.length;
  await page.getByRole('combobox').fill('');
  await page.getByRole('button', { name: 'Contact support' }).click();
  await expect(page.getByRole('heading', { name: 'Contact support', level: 3 })).toBeVisible();
  await page.getByRole('button', { name: 'File a request online' }).first().click();
  await expect(page.locator('#guichet-ticket-title')).toBeVisible();
  // Both screens came from what was prefetched: no part was fetched for them.
  expect(parts.length).toBe(prefetched);
  // A whole help center never needs the decoding of chunked ones.
  expect(parts.filter((p) => /split-chunks-/.test(p))).toEqual([]);
});

test('the article part is fetched as soon as results are on screen: a result then opens with no further fetch', async ({ page }) => {
  await page.clock.install(); // no timer runs: the 1.5 s prefetch of the other screens never starts
  const parts = partRequests(page);
  const article = page.waitForResponse((r) => /guichet-part-split-article-/.test(r.url()));
  await page.goto('/');
  await page.getByRole('button', { name: 'Help' }).click();
  expect(parts.filter((p) => /split-article-/.test(p))).toEqual([]); // not before a search
  await page.getByRole('combobox', { name: 'Search help articles' }).fill('severity');
  await expect(page.getByRole('option').first()).toContainText('Severity levels');
  expect((await article).status()).toBe(200);
  // From now on no part can be fetched (the connection drops): the article still opens.
  await page.route(part, (route) => route.fulfill({ status: 503, body: 'unavailable' }));
  await page.getByRole('option').first().click();
  await expect(page.getByRole('heading', { name: 'Severity levels', level: 3 })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('an article whose part cannot be fetched says so with Try again, which then opens it', async ({ page }) => {
  let refusing = true;
  await page.route(/guichet-part-split-article-/, (route) => (refusing ? route.fulfill({ status: 503, body: 'unavailable' }) : route.continue()));
  await page.goto('/');
  await page.getByRole('button', { name: 'Help' }).click();
  await page.getByRole('combobox', { name: 'Search help articles' }).fill('severity');
  await page.getByRole('option').first().click();
  await expect(page.getByRole('alert')).toHaveText('Could not load help.');
  refusing = false;
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('heading', { name: 'Severity levels', level: 3 })).toBeVisible();
});

test('a part that cannot be fetched says so with Try again, which then opens the screen', async ({ page }) => {
  let refusing = true;
  await page.route(part, (route) => (refusing ? route.fulfill({ status: 503, body: 'unavailable' }) : route.continue()));
  await page.goto('/');
  await page.getByRole('button', { name: 'Help' }).click();
  await page.getByRole('button', { name: 'Contact support' }).click();
  await expect(page.getByRole('alert')).toHaveText('Could not load help.');
  const retry = page.getByRole('button', { name: 'Try again' });
  await expect(retry).toBeVisible();
  // The pane still works: back to the search, which finds articles.
  refusing = false;
  await retry.click();
  await expect(page.getByRole('heading', { name: 'Contact support', level: 3 })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Country or region' })).toHaveValue('United States');
});

test('the directory waits for the first results: it does not share the connection with the other language\'s help center', async ({ page }) => {
  const directory: string[] = [];
  page.on('request', (r) => { if (new URL(r.url()).pathname.endsWith('/directory.json')) directory.push(r.url()); });
  // The French help center (an English visitor's "remboursement" needs it) is held until the
  // check below.
  let release: () => void = () => {};
  const held = new Promise<void>((asked) => {
    page.route('**/bundle/help-center.fr.json', (route) => {
      release = () => route.continue();
      asked();
    });
  });
  await page.goto('/');
  await page.getByRole('button', { name: 'Help' }).click();
  await page.getByRole('combobox', { name: 'Search help articles' }).fill('remboursement');
  await held;
  // Two frames later (the pane's effects have run), still no directory.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  expect(directory).toEqual([]);
  release();
  await expect(page.getByRole('option').first()).toContainText('Demander un avoir ou un remboursement');
  // Then it comes, once.
  await expect.poll(() => directory.length).toBe(1);
});
