import { test, expect } from '@playwright/test';
import { hostConfig } from './host';

// The example portal (examples/acme, built by scripts/test.sh into dist/bundle-acme): a small
// SaaS company's own articles and support lines (examples/acme/lines.toml, compiled by
// `guichet-content import-lines`), with French public holidays and dated closures.
test.describe('Acme Cloud, a portal with its own content and lines', () => {
  test.use({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  test('its articles are searched, its numbers shown, and Bastille Day closes its billing line', async ({ page }) => {
    // Tuesday 14 July 2026, 10:00 Paris (a public holiday).
    await page.clock.setFixedTime(new Date('2026-07-14T08:00:00Z'));
    await hostConfig(page, { bundle: '/bundle-acme' });
    await page.goto('/');
    await page.getByRole('button', { name: 'Aide' }).click();
    await page.getByRole('combobox', { name: 'Rechercher dans les articles d’aide' }).fill('mot de passe');
    await expect(page.getByRole('option').first()).toContainText('Réinitialiser votre mot de passe Acme Cloud');
    await page.getByRole('combobox', { name: 'Rechercher dans les articles d’aide' }).fill('');
    await page.getByRole('button', { name: 'Contacter le support' }).click();
    await expect(page.getByRole('combobox', { name: 'Pays ou région' })).toHaveValue('France');
    await expect(page.locator('a.g-tel').first()).toHaveAttribute('href', 'tel:+33186951200');
    await page.getByRole('tab', { name: 'Facturation' }).click();
    const billing = page.getByRole('tabpanel').getByRole('listitem').filter({ hasText: 'français' });
    await expect(billing).toContainText('Fermé · ouvre mercredi 09:00 (votre heure)');
    await expect(page.locator('.g-after-hours')).toContainText('Personne ne répond sur ces lignes en ce moment.');
  });
  test('a link between two articles opens the other article in the pane', async ({ page }) => {
    await hostConfig(page, { bundle: '/bundle-acme' });
    await page.goto('/');
    await page.getByRole('button', { name: 'Aide' }).click();
    await page.getByRole('combobox', { name: 'Rechercher dans les articles d’aide' }).fill('mot de passe');
    await page.getByRole('option').first().click();
    await page.getByRole('link', { name: 'Télécharger vos factures' }).click();
    await expect(page.getByRole('heading', { name: 'Télécharger vos factures et modifier la facturation' })).toBeVisible();
    expect(new URL(page.url()).hash).toBe('');
  });
});
