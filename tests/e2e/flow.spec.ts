import { test, expect, Page } from '@playwright/test';
import { query } from './db';
import { hostConfig } from './host';

// Monday 2026-11-23 10:00 in New York (15:00 UTC): US billing (Mon-Fri 9-5) is open.
const MONDAY_MORNING_NY = new Date('2026-11-23T15:00:00Z');

async function openPane(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: /help|aide/i }).click();
  await expect(page.getByRole('combobox')).toBeFocused();
}

test.describe('English visitor in New York', () => {
  test.use({ locale: 'en-US', timezoneId: 'America/New_York' });

  test('search → article → No → contacts → ticket → stored', async ({ page }) => {
    await page.clock.setFixedTime(MONDAY_MORNING_NY);
    await openPane(page);
    const box = page.getByRole('combobox', { name: 'Search help articles' });
    await box.pressSequentially('severty lev');
    const options = page.getByRole('listbox', { name: 'Matching articles' }).getByRole('option');
    await expect(options.first()).toContainText('Severity levels');
    await expect(options.first().locator('mark').first()).toBeVisible();
    await expect(page.getByRole('status').first()).toHaveText(/\d+ results?/);
    await box.press('ArrowDown');
    await expect(options.first()).toHaveAttribute('aria-selected', 'true');
    await expect(box).toHaveAttribute('aria-activedescendant', 'guichet-opt-0');
    await box.press('Enter');
    await expect(page.getByRole('heading', { name: 'Severity levels: A, B and C' })).toBeVisible();
    await page.getByRole('button', { name: 'No, contact support' }).click();

    await expect(page.getByRole('heading', { name: 'Contact support', level: 3 })).toBeVisible();
    await expect(page.getByRole('combobox', { name: 'Country or region' })).toHaveValue('United States');
    const tel = page.locator('a.g-tel').first();
    await expect(tel).toHaveText('1 800 865 9408');
    await expect(tel).toHaveAttribute('href', 'tel:+18008659408');
    const panel = page.getByRole('tabpanel');
    await expect(panel).toContainText('Open now · always open');
    await page.getByRole('tab', { name: 'Billing' }).click();
    await expect(panel).toContainText('Mon–Fri 09:00–17:00');
    await expect(panel).toContainText('Open now · closes at 5:00 PM (your time)');
    await page.screenshot({ path: 'target/e2e/screens/contacts-en.png' });

    await page.getByRole('button', { name: 'File a request online' }).click();
    await expect(page.getByRole('heading', { name: 'New support request — Basics' })).toBeVisible();
    await page.getByLabel('Issue type').selectOption('technical');
    await page.getByLabel('Support plan').selectOption('enterprise');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByRole('heading', { name: 'New support request — Problem' })).toBeVisible();
    await page.getByLabel(/A – critical/).check();
    await expect(page.locator('#guichet-response')).toHaveText('Expected first response: 1 hour (handled 24/7)');
    await page.getByLabel('Title').fill('Mail flow stopped for everyone');
    await page.getByLabel('Details').fill('Since 9:00 nobody in the company can send or receive mail.');
    await page.getByLabel('Date').fill('2026-11-20');
    await page.getByLabel('Time', { exact: true }).fill('09:05');
    await expect(page.getByLabel('Time zone')).toHaveValue('America/New_York');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Ada Admin');
    await page.getByRole('textbox', { name: 'Email' }).fill('ada@example.com');
    await page.getByRole('textbox', { name: 'Phone' }).fill('+1 425 555 0100');
    await page.getByRole('radio', { name: 'Phone' }).check();
    await page.screenshot({ path: 'target/e2e/screens/ticket-en.png' });
    await page.getByRole('button', { name: 'Review' }).click();
    await expect(page.getByRole('heading', { name: 'New support request — Review' })).toBeVisible();
    await expect(page.locator('.g-review')).toContainText('Mail flow stopped for everyone');
    await page.getByRole('button', { name: 'Create request' }).click();

    await expect(page.getByRole('heading', { name: 'Request created' })).toBeVisible();
    const id = (await page.locator('#guichet-ticket-id').textContent())!;
    expect(id).toMatch(/^GU-[0-9A-F]{10}$/);
    await page.screenshot({ path: 'target/e2e/screens/done-en.png' });
    const rows = query('SELECT title, severity, plan, email, region, from_article, json_extract(payload, "$.last_occurrence.time_zone"), json_extract(payload, "$.preferred_contact") FROM tickets WHERE id = ?', id);
    expect(rows).toEqual([['Mail flow stopped for everyone', 'A', 'enterprise', 'ada@example.com', 'US', 'severity-levels', 'America/New_York', 'phone']]);
    expect(query('SELECT CAST(helpful AS INTEGER) FROM feedback WHERE article_id = ?', 'severity-levels')).toContainEqual([0]);
  });

  test('a bad submission shows field errors and stores nothing', async ({ page }) => {
    await openPane(page);
    await page.getByRole('button', { name: 'Contact support' }).click();
    await page.getByRole('button', { name: 'File a request online' }).click();
    const before = query('SELECT COUNT(*) FROM tickets')[0][0];
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Title').fill('Hi');
    await page.getByLabel('Details').fill('too short');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Please fix the highlighted fields.' })).toBeVisible();
    await expect(page.getByLabel('Title')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByLabel('Title')).toBeFocused();
    await expect(page.locator('#guichet-e-title')).toHaveText('Write at least 5 characters.');
    await expect(page.locator('#guichet-e-description')).toHaveText('Write at least 20 characters.');
    await page.screenshot({ path: 'target/e2e/screens/ticket-errors-en.png' });
    await page.getByLabel('Title').fill('Cannot sign in');
    await page.getByLabel('Details').fill('Every user gets an error page when signing in.');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('textbox', { name: 'Email' }).fill('ada@');
    await page.getByRole('radio', { name: 'Phone' }).check();
    await page.getByRole('button', { name: 'Review' }).click();
    await expect(page.locator('#guichet-e-contact_name')).toHaveText('This field is required.');
    await expect(page.locator('#guichet-e-email')).toHaveText('Enter a valid email address, such as name@example.com.');
    await expect(page.locator('#guichet-e-phone')).toHaveText('This field is required.');
    expect(query('SELECT COUNT(*) FROM tickets')[0][0]).toBe(before);
  });

  test('billing issues may be severity A worldwide', async ({ page }) => {
    await openPane(page);
    await page.getByRole('button', { name: 'Contact support' }).click();
    await page.getByRole('button', { name: 'File a request online' }).click();
    await page.getByLabel('Issue type').selectOption('billing_subscription');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByLabel(/A – critical/)).toBeEnabled();
  });

  test('under 21Vianet, severity A is impossible for billing issues', async ({ page }) => {
    await hostConfig(page, { plan: 'vianet21' });
    await openPane(page);
    await page.getByRole('button', { name: 'Contact support' }).click();
    await page.getByRole('button', { name: 'File a request online' }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel(/A – critical/).check();
    await page.getByRole('button', { name: /Back/ }).click();
    await page.getByLabel('Issue type').selectOption('billing_subscription');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByLabel(/A – critical/)).toBeDisabled();
    await expect(page.getByLabel(/B – high/)).toBeChecked();
  });

  test('the draft survives a reload', async ({ page }) => {
    await openPane(page);
    await page.getByRole('button', { name: 'Contact support' }).click();
    await page.getByRole('button', { name: 'File a request online' }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Title').fill('Licences missing after renewal');
    await page.getByLabel('Details').fill('Five licences disappeared after the renewal on Monday.');
    await page.reload();
    await page.getByRole('button', { name: 'Help' }).click();
    await page.getByRole('button', { name: 'Contact support' }).click();
    await page.getByRole('button', { name: 'File a request online' }).click();
    await expect(page.getByText('Draft restored.')).toBeVisible();
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByLabel('Title')).toHaveValue('Licences missing after renewal');
    await expect(page.getByLabel('Details')).toHaveValue('Five licences disappeared after the renewal on Monday.');
  });

  test('keyboard: Esc clears the query, then closes and returns focus to the launcher', async ({ page }) => {
    await openPane(page);
    const box = page.getByRole('combobox');
    await box.fill('refund');
    await expect(page.getByRole('option').first()).toContainText('credit or refund');
    await box.press('Escape');
    await expect(box).toHaveValue('');
    await box.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Help' })).toBeFocused();
  });

  test('Tab stays inside the open pane', async ({ page }) => {
    await openPane(page);
    const inPane = () => page.evaluate(() => !!document.activeElement?.closest('#guichet-pane'));
    await page.getByRole('button', { name: 'Contact support' }).focus();
    await page.keyboard.press('Tab'); // last → first
    await expect(page.getByRole('button', { name: 'FR' })).toBeFocused();
    await page.keyboard.press('Shift+Tab'); // first → last
    await expect(page.getByRole('button', { name: 'Contact support' })).toBeFocused();
    for (const key of ['Tab', 'Shift+Tab']) {
      for (let i = 0; i < 12; i++) {
        await page.keyboard.press(key);
        expect(await inPane()).toBe(true);
      }
    }
  });

  test('"Yes" records a helpful answer', async ({ page }) => {
    await openPane(page);
    await page.getByRole('combobox').fill('reopen');
    await page.getByRole('option').first().click();
    await expect(page.getByRole('heading', { name: 'Reopen a closed request' })).toBeVisible();
    await page.screenshot({ path: 'target/e2e/screens/article-en.png' });
    await page.getByRole('button', { name: 'Yes' }).click();
    await expect(page.getByText('Thanks for your feedback!')).toBeVisible();
    await expect.poll(() => query('SELECT COUNT(*) FROM feedback WHERE article_id = ? AND CAST(helpful AS INTEGER) = 1', 'reopen-closed-request')[0][0]).toBe(1);
  });

  test('an empty result offers contact with the query carried into the ticket', async ({ page }) => {
    await openPane(page);
    await page.getByRole('combobox').fill('quantum teleporter flux');
    await expect(page.getByText('No article matches.')).toBeVisible();
    await page.screenshot({ path: 'target/e2e/screens/search-empty-en.png' });
    await page.getByRole('button', { name: 'Contact support' }).click();
    await page.getByRole('button', { name: 'File a request online' }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByLabel('Title')).toHaveValue('quantum teleporter flux');
  });
});

test.describe('French visitor in Paris', () => {
  test.use({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });

  test('accent-insensitive French search and French contacts', async ({ page }) => {
    // Saturday 2026-11-28 12:00 Paris: French billing line closed until Monday 09:00.
    await page.clock.setFixedTime(new Date('2026-11-28T11:00:00Z'));
    await page.goto('/');
    await page.getByRole('button', { name: 'Aide' }).click();
    const box = page.getByRole('combobox', { name: 'Rechercher dans les articles d’aide' });
    await box.fill('telephone');
    await expect(page.getByRole('option').first()).toContainText('Appeler le support par téléphone');
    // Folded in the pane by the browser's own Unicode normalisation: capitals and accents alike.
    await box.fill('TÉLÉPHONE');
    await expect(page.getByRole('option').first()).toContainText('Appeler le support par téléphone');
    await box.fill('te\u0301le\u0301phone'); // accents as combining marks (NFD input)
    await expect(page.getByRole('option').first()).toContainText('Appeler le support par téléphone');
    await page.screenshot({ path: 'target/e2e/screens/search-fr.png' });
    await box.fill('rembourssement');
    await expect(page.getByRole('option').first()).toContainText('avoir ou un remboursement');
    await page.getByRole('button', { name: 'Contacter le support' }).click();
    const region = page.getByRole('combobox', { name: 'Pays ou région' });
    await expect(region).toHaveValue('France');
    await page.getByRole('tab', { name: 'Facturation' }).click();
    const panel = page.getByRole('tabpanel');
    await expect(panel).toContainText('lun.–ven. 09:00–17:00');
    await expect(panel).toContainText('Fermé · ouvre lundi 09:00 (votre heure)');
    await page.screenshot({ path: 'target/e2e/screens/contacts-fr.png' });
    // The region picker finds Germany from its French name; numbers follow.
    await region.fill('allem');
    await expect(page.getByRole('option', { name: 'Allemagne' })).toBeVisible();
    await region.press('Enter');
    await expect(region).toHaveValue('Allemagne');
    await expect(page.locator('a.g-tel').first()).toHaveAttribute('href', 'tel:+498005892332');
  });

  test('the language can be switched without reload', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('button', { name: 'Aide' }).click();
    await page.getByRole('button', { name: 'EN' }).click();
    await expect(page.getByRole('combobox', { name: 'Search help articles' })).toBeVisible();
    await page.getByRole('combobox').fill('germany');
    await expect(page.getByRole('option').first()).toContainText('Support contacts · Germany');
    await expect(page.getByRole('option').nth(1)).toContainText('Office 365 Germany');
  });
});
