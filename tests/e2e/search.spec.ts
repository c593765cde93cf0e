import { test, expect, Page } from '@playwright/test';
import { expectFrenchFallback } from './host';

async function open(page: Page, help = 'Help') {
  await page.goto('/');
  await page.getByRole('button', { name: help }).click();
  return page.getByRole('combobox').first();
}

test.describe('English visitor', () => {
  test.use({ locale: 'en-GB', timezoneId: 'Europe/London' });

  test('a query naming a place puts that region’s contacts first', async ({ page }) => {
    const box = await open(page);
    await box.fill('uk support phone');
    const first = page.getByRole('option').first();
    await expect(first).toContainText('Support contacts · United Kingdom');
    await expect(first).toContainText('0800 032 6417');
    await expect(page.getByRole('option').nth(1)).toContainText('Call support by phone');
    await page.screenshot({ path: 'target/e2e/screens/search-place-en.png' });
    await box.press('Enter');
    await expect(page.getByRole('combobox', { name: 'Country or region' })).toHaveValue('United Kingdom');
  });

  test('a query that finds nothing offers the nearest words of the help center', async ({ page }) => {
    const box = await open(page);
    // Two edits from "refund": further than the typo tolerance, so nothing matches.
    await box.fill('rfeudn');
    await expect(page.getByText('No article matches.')).toBeVisible();
    const suggestion = page.getByRole('button', { name: 'refund' });
    await expect(page.getByText('Did you mean:')).toBeVisible();
    await suggestion.click();
    await expect(box).toHaveValue('refund');
    await expect(page.getByRole('option').first()).toContainText('refund', { ignoreCase: true });
    // Nothing near: no suggestion, only the way to contact support.
    await box.fill('qqqqzzzz');
    await expect(page.getByText('No article matches.')).toBeVisible();
    await expect(page.getByText('Did you mean:')).toHaveCount(0);
  });

  test('no English match falls back to French articles, said so', async ({ page }) => {
    await expectFrenchFallback(page, await open(page));
  });

  test('before any query, the help center’s promoted articles are offered in their order', async ({ page }) => {
    await open(page);
    const popular = page.getByRole('list', { name: 'Popular articles' }).getByRole('link');
    await expect(popular).toHaveText([
      'Open a support request online',
      'Severity levels: A, B and C',
      'Call support by phone',
      'Initial response times by plan and severity',
      'Reopen a closed request',
    ]);
    await popular.nth(2).click();
    await expect(page.getByRole('heading', { name: 'Call support by phone' })).toBeVisible();
  });

  test('recent searches are kept and can be cleared', async ({ page }) => {
    const box = await open(page);
    await box.fill('reopen');
    await box.press('Enter');
    await page.getByRole('button', { name: /Back/ }).click();
    await box.fill('');
    const recent = page.getByRole('list', { name: 'Recent searches' });
    await expect(recent).toContainText('reopen');
    await page.reload();
    await page.getByRole('button', { name: 'Help' }).click();
    await expect(page.getByRole('list', { name: 'Recent searches' })).toContainText('reopen');
    await page.getByRole('button', { name: 'Clear' }).click();
    await expect(page.getByRole('list', { name: 'Recent searches' })).toHaveCount(0);
  });
});

test.describe('French visitor', () => {
  test.use({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });

  test('a section hit lands on its section, with focus on its heading', async ({ page }) => {
    const box = await open(page, 'Aide');
    await box.fill('accusé de réception 24 heures');
    const hit = page.getByRole('option').filter({ hasText: 'Et ensuite' }).first();
    await expect(hit).toBeVisible();
    await hit.click();
    const heading = page.getByRole('heading', { name: 'Et ensuite' });
    await expect(heading).toBeFocused();
    // The pane scrolled down to the section, and the heading is inside the visible part.
    const place = await heading.evaluate((h) => {
      let c = h.parentElement;
      while (c && c.scrollHeight <= c.clientHeight) c = c.parentElement;
      const box = c!.getBoundingClientRect(), r = h.getBoundingClientRect();
      return { scrollTop: c!.scrollTop, inside: r.top >= box.top - 1 && r.bottom <= box.bottom + 1 };
    });
    expect(place.scrollTop).toBeGreaterThan(0);
    expect(place.inside).toBe(true);
  });
  test('"téléphone support Allemagne" lists Germany’s contacts above articles', async ({ page }) => {
    const box = await open(page, 'Aide');
    await box.fill('téléphone support Allemagne');
    await expect(page.getByRole('option').first()).toContainText('Contacts du support · Allemagne');
    await expect(page.getByRole('option').first()).toContainText('0800 589 2332');
    await expect(page.getByRole('option').nth(1)).toBeVisible();
  });
});
