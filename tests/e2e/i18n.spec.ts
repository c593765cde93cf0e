import { test, expect } from '@playwright/test';

// The UI in German: detected from the browser, switched at runtime without a reload, German
// validation messages from core, English articles marked as such (the default help center has
// French and English articles only).

test.describe('German browser', () => {
  test.use({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });

  test('German UI over English articles, said so; results announced in German', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('button', { name: 'Hilfe' }).click();
    await expect(page.getByRole('heading', { name: 'Wie können wir helfen?' })).toBeVisible();
    await expect(page.locator('.guichet')).toHaveAttribute('lang', 'de');
    await expect(page.getByText('Die Hilfeartikel sind auf Englisch.')).toBeVisible();
    const box = page.getByRole('combobox', { name: 'Hilfeartikel durchsuchen' });
    await box.fill('severity');
    const first = page.getByRole('option').first();
    await expect(first).toContainText('Severity levels');
    await expect(first.locator('[lang="en"]')).toHaveCount(1);
    await expect(page.getByRole('status').filter({ hasText: /\d+ Ergebnisse?$/ })).toHaveCount(1);
    await first.click();
    await expect(page.locator('[lang="en"]').getByRole('heading', { name: 'Severity levels: A, B and C' })).toBeVisible();
    await expect(page.getByText('Hat Ihnen dieser Artikel geholfen?')).toBeVisible();
  });

  test('switching language keeps the page and the query: DE → FR → DE', async ({ page }) => {
    await page.goto('/');
    await page.evaluate(() => ((window as any).__noReload = true));
    await page.getByRole('button', { name: 'Hilfe' }).click();
    const box = page.getByRole('combobox', { name: 'Hilfeartikel durchsuchen' });
    await box.fill('facturation');
    await page.getByRole('button', { name: 'FR', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Comment pouvons-nous vous aider ?' })).toBeVisible();
    await expect(page.getByRole('combobox', { name: 'Rechercher dans les articles d’aide' })).toHaveValue('facturation');
    await expect(page.getByRole('option').first()).toBeVisible();
    await expect(page.getByText('Die Hilfeartikel sind auf Englisch.')).toHaveCount(0);
    await page.getByRole('button', { name: 'DE', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Wie können wir helfen?' })).toBeVisible();
    expect(await page.evaluate(() => (window as any).__noReload)).toBe(true);
  });

  test('ticket form and its errors in German', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('button', { name: 'Hilfe' }).click();
    await page.getByRole('button', { name: 'Support kontaktieren' }).click();
    await page.getByRole('button', { name: 'Anfrage online stellen' }).click();
    await expect(page.getByRole('heading', { name: 'Neue Supportanfrage — Grunddaten' })).toBeVisible();
    await page.getByRole('button', { name: 'Weiter' }).click();
    await page.getByRole('button', { name: 'Weiter' }).click();
    await expect(page.getByText('Bitte korrigieren Sie die markierten Felder.')).toBeVisible();
    await expect(page.getByText('Dieses Feld ist erforderlich.').first()).toBeVisible();
  });
});

test.describe('Spanish browser on a German page', () => {
  test.use({ locale: 'es-ES', timezoneId: 'Europe/Madrid' });

  test('a browser language the pane lacks gives way to the page language', async ({ page }) => {
    await page.route('**/', async (route) => {
      const res = await route.fetch();
      return route.fulfill({ response: res, body: (await res.text()).replace('<html lang="en">', '<html lang="de">') });
    });
    await page.goto('/');
    await page.getByRole('button', { name: 'Hilfe' }).click();
    await expect(page.getByRole('heading', { name: 'Wie können wir helfen?' })).toBeVisible();
  });
});
