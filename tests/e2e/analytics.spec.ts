import { test, expect, Page, Request } from '@playwright/test';
import { hostConfig } from './host';

/** Every analytics beacon the page sends, with the intake's answer. */
function beacons(page: Page) {
  const sent: { body: any; bytes: number; status: Promise<number | undefined> }[] = [];
  page.on('request', (r: Request) => {
    if (!r.url().endsWith('/api/events')) return;
    const text = r.postData() ?? '';
    // The answer is awaited by the tests that read it; one still pending when a test ends is not an error.
    sent.push({ body: JSON.parse(text), bytes: text.length, status: r.response().then((x) => x?.status(), () => undefined) });
  });
  return sent;
}

/** Counts `navigator.sendBeacon` calls in `window.__beacons`. */
async function countBeacons(page: Page) {
  await page.addInitScript(() => {
    const send = Navigator.prototype.sendBeacon;
    (window as any).__beacons = 0;
    Navigator.prototype.sendBeacon = function (...args: [string, BodyInit?]) {
      (window as any).__beacons += 1;
      return send.apply(this, args);
    };
  });
}

async function visit(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Help' }).click();
  const box = page.getByRole('combobox').first();
  await box.fill('refund');
  await page.getByRole('option').first().click();
  await expect(page.getByRole('button', { name: 'Yes' })).toBeVisible();
  await page.getByRole('button', { name: 'Close help' }).click();
}

test.describe('anonymous analytics', () => {
  test.use({ locale: 'en-GB', timezoneId: 'Europe/London' });

  test('a visit sends its settled search, the position opened and the article read, once the pane closes', async ({ page }) => {
    const sent = beacons(page);
    await countBeacons(page);
    await visit(page);
    expect(await page.evaluate(() => (window as any).__beacons)).toBe(1);
    await expect.poll(() => sent.length).toBe(1);
    const { body, bytes, status } = sent[0];
    expect(await status).toBe(204);
    expect(body.session).toMatch(/^[0-9a-f]{32}$/);
    expect(body.seq).toBe(1);
    const kinds = body.events.map((e: any) => e.type);
    // Typing "r", "re"… "refund" is one search: the one the visitor settled on.
    expect(kinds).toEqual(['search', 'result_open', 'article_view']);
    expect(body.events[0]).toMatchObject({ query: 'refund', locale: 'en' });
    expect(body.events[0].results).toBeGreaterThan(0);
    expect(body.events[1]).toMatchObject({ query: 'refund', position: 1 });
    expect(body.events[2].article_id).toBe(body.events[1].article_id);
    // Nothing identifies the visitor: no cookie was set, nothing was kept in storage.
    expect(await page.context().cookies()).toEqual([]);
    console.log(`analytics: a typical visit sends 1 beacon of ${bytes} bytes (${kinds.join(', ')})`);
  });

  test('personal data typed in the search box is scrubbed before it leaves the page', async ({ page }) => {
    const sent = beacons(page);
    await page.goto('/');
    await page.getByRole('button', { name: 'Help' }).click();
    await page.getByRole('combobox').first().fill('refund for jane.doe@example.com order 4417 1234 5678');
    await page.getByRole('button', { name: 'Close help' }).click();
    await expect.poll(() => sent.length).toBe(1);
    expect(sent[0].body.events[0].query).toBe('refund for [email] order [number]');
    expect(await sent[0].status).toBe(204);
  });

  for (const [name, setup] of [
    ['data-analytics="off"', (p: Page) => hostConfig(p, { analytics: 'off' })],
    ['Global Privacy Control', (p: Page) => p.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }))],
    ['Do Not Track', (p: Page) => p.addInitScript(() => Object.defineProperty(Navigator.prototype, 'doNotTrack', { get: () => '1' }))],
  ] as const) {
    test(`nothing is sent under ${name}`, async ({ page }) => {
      await setup(page);
      await countBeacons(page);
      await visit(page);
      // Closing the pane is when a beacon goes out (synchronously: see the first test).
      expect(await page.evaluate(() => (window as any).__beacons)).toBe(0);
    });
  }
});
