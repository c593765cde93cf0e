import { test, expect, Page } from '@playwright/test';
import { hostConfig } from './host';

// axe-core (WCAG 2.0/2.1/2.2 A and AA rules) on every screen of the pane, in French, English
// and German (German UI over the English articles of the default help center).
const AXE = require.resolve('axe-core/axe.min.js');

async function audit(page: Page, screen: string) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async () => {
    // @ts-ignore injected
    const r = await axe.run('#guichet', { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return r.violations.map((v: any) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n: any) => n.target.join(' ')).join(', ')}`);
  });
  expect(result, `axe violations on ${screen}`).toEqual([]);
}

for (const [locale, help, contact, file, query] of [
  ['en-US', 'Help', 'Contact support', 'File a request online', 'severity'],
  ['fr-FR', 'Aide', 'Contacter le support', 'Déposer une demande en ligne', 'gravité'],
  ['de-DE', 'Hilfe', 'Support kontaktieren', 'Anfrage online stellen', 'severity'],
]) {
  test.describe(`accessibility (${locale})`, () => {
    test.use({ locale, timezoneId: 'Europe/Paris' });
    test('every screen passes axe', async ({ page }) => {
      await page.goto('/');
      await page.getByRole('button', { name: help }).click();
      await audit(page, 'home');
      await page.getByRole('combobox').first().fill(query);
      await expect(page.getByRole('option').first()).toBeVisible();
      await audit(page, 'results');
      await page.getByRole('option').first().click();
      await expect(page.locator('.g-article-title')).toBeVisible();
      await audit(page, 'article');
      await page.getByRole('button', { name: contact }).last().click().catch(() => {});
      await page.goto('/');
      await page.getByRole('button', { name: help }).click();
      await page.getByRole('button', { name: contact }).click();
      await expect(page.getByRole('tabpanel')).toBeVisible();
      await audit(page, 'contacts');
      await page.getByRole('button', { name: file }).click();
      for (let step = 0; step < 3; step++) {
        await audit(page, `ticket step ${step + 1}`);
        if (step === 0) await page.getByRole('button', { name: /Next|Suivant|Weiter/ }).click();
        if (step === 1) {
          await page.locator('#guichet-f-title').fill('Cannot sign in');
          await page.locator('#guichet-f-description').fill('Every user gets an error page when signing in.');
          await page.getByRole('button', { name: /Next|Suivant|Weiter/ }).click();
        }
      }
      await page.getByRole('button', { name: /Review|Vérifier|Prüfen/ }).click();
      await audit(page, 'ticket errors');
    });
  });
}

// An article imported from DocFX Markdown (tests/fixtures/docfx/media-page.md, built by
// scripts/test.sh into dist/bundle-imported): its include, video, figures, image-only links and
// next step are readable and every link has a name.
test.describe('accessibility of an imported article', () => {
  test.use({ locale: 'en-US', timezoneId: 'Europe/Paris' });
  test('a DocFX page with media and image-only links passes axe', async ({ page }) => {
    await hostConfig(page, { bundle: '/bundle-imported' });
    await page.goto('/');
    await page.getByRole('button', { name: 'Help' }).click();
    await page.getByRole('combobox').first().fill('sign-in loop');
    await page.getByRole('option').first().click();
    await expect(page.locator('.g-article-title')).toHaveText('Fix a sign-in loop');
    await expect(page.getByText('Sign-in settings apply to every workspace of the organization.')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Video: Watch the steps' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Diagram of the session cookie' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'https://example.com/status' })).toBeVisible();
    await expect(page.getByText('Image: Browser settings with cookies allowed')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Reset multifactor authentication' })).toBeVisible();
    await audit(page, 'imported article');
  });
});
