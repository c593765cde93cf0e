import { test, expect, Page } from '@playwright/test';
import { hostConfig } from './host';

// Opens the pane and goes to the contacts screen; returns the tab panel.
async function contacts(page: Page, help: string, contact: string) {
  await page.goto('/');
  await page.getByRole('button', { name: help }).click();
  await page.getByRole('button', { name: contact }).click();
  return page.getByRole('tabpanel');
}

async function tab(page: Page, name: string) {
  await page.getByRole('tab', { name }).click();
}

function line(page: Page, language: string) {
  return page.getByRole('tabpanel').getByRole('listitem').filter({ hasText: language });
}

test.describe('Berlin, Monday 08:30', () => {
  test.use({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
  test('German UI; German lines: technical open, billing opens at 09:00', async ({ page }) => {
    await page.clock.setFixedTime(new Date('2026-11-23T07:30:00Z'));
    await contacts(page, 'Hilfe', 'Support kontaktieren');
    await expect(page.getByRole('combobox', { name: 'Land oder Region' })).toHaveValue('Deutschland');
    await expect(page.locator('a.g-tel').first()).toHaveAttribute('href', 'tel:+498005892332');
    await expect(line(page, 'Deutsch')).toContainText('Jetzt geöffnet · schließt um 21:00 (Ihre Zeit)');
    await tab(page, 'Abrechnung');
    await expect(line(page, 'Deutsch')).toContainText('Geschlossen · öffnet 9:00 (Ihre Zeit)');
  });
});

test.describe('Paris, Saturday noon', () => {
  test.use({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  test('French technical line closed until Monday 08:00; English 24/7', async ({ page }) => {
    await page.clock.setFixedTime(new Date('2026-11-28T11:00:00Z'));
    await contacts(page, 'Aide', 'Contacter le support');
    await expect(line(page, 'français')).toContainText('Fermé · ouvre lundi 08:00 (votre heure)');
    await expect(line(page, 'anglais')).toContainText('Ouvert · ouvert en permanence');
    await expect(page.locator('a.g-tel').first()).toHaveAttribute('href', 'tel:+33805540594');
  });
});

test.describe('Sydney across the start of daylight saving time', () => {
  test.use({ locale: 'en-AU', timezoneId: 'Australia/Sydney' });
  test('Friday 17:30 AEST: billing open until 18:00', async ({ page }) => {
    await page.clock.setFixedTime(new Date('2026-10-02T07:30:00Z'));
    await contacts(page, 'Help', 'Contact support');
    await tab(page, 'Billing');
    await expect(line(page, 'English')).toContainText('Open now · closes at 6:00 pm (your time)');
    await expect(page.locator('a.g-tel').first()).toHaveAttribute('href', 'tel:+611800197503');
  });
  test('Saturday before the change: opens Monday 09:00 AEDT, not 10:00', async ({ page }) => {
    // Sat 2026-10-03 10:00 AEST; clocks go forward on Sunday 2026-10-04 02:00.
    await page.clock.setFixedTime(new Date('2026-10-03T00:00:00Z'));
    await contacts(page, 'Help', 'Contact support');
    await tab(page, 'Billing');
    await expect(line(page, 'English')).toContainText('Closed · opens Monday 9:00 am (your time)');
  });
});

test.describe('Tokyo, Tuesday 10:00', () => {
  test.use({ locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  test('other plans: weekday technical line and the other-plans number', async ({ page }) => {
    await page.clock.setFixedTime(new Date('2026-11-24T01:00:00Z'));
    await contacts(page, 'Help', 'Contact support');
    await expect(page.getByRole('combobox', { name: 'Country or region' })).toHaveValue('Japan');
    await expect(page.locator('a.g-tel').first()).toHaveText('0120 628 860');
    // The page names no language for this line: none is invented.
    await expect(line(page, 'Language not stated')).toContainText('Mon–Fri 09:00–17:30');
    await expect(line(page, 'Language not stated')).toContainText('Open now · closes at 5:30 PM (your time)');
  });
  test('enterprise plan set by the host: enterprise number, 24/7 lines', async ({ page }) => {
    await hostConfig(page, { plan: 'enterprise' });
    await page.clock.setFixedTime(new Date('2026-11-24T01:00:00Z'));
    await contacts(page, 'Help', 'Contact support');
    await expect(page.locator('a.g-tel').first()).toHaveText('0120 996 680');
    await expect(line(page, 'Japanese')).toContainText('Open now · always open');
  });
});

test.describe('São Paulo, Wednesday 08:30', () => {
  test.use({ locale: 'pt-BR', timezoneId: 'America/Sao_Paulo' });
  test('Portuguese billing opens at 09:00; technical around the clock', async ({ page }) => {
    await page.clock.setFixedTime(new Date('2026-11-25T11:30:00Z'));
    await contacts(page, 'Help', 'Contact support');
    await expect(page.getByRole('combobox', { name: 'Country or region' })).toHaveValue('Brazil');
    await expect(page.locator('a.g-tel').first()).toHaveAttribute('href', 'tel:+558007621146');
    await expect(line(page, 'Portuguese')).toContainText('Open now · always open');
    await tab(page, 'Billing');
    await expect(line(page, 'Portuguese')).toContainText('Closed · opens 9:00 AM (your time)');
  });
});

test.describe('Yerevan, Monday 09:30', () => {
  test.use({ locale: 'hy-AM', timezoneId: 'Asia/Yerevan' });
  test('lines in Moscow and London time show both clocks; dialling steps; language filter', async ({ page }) => {
    await page.clock.setFixedTime(new Date('2026-11-23T05:30:00Z'));
    await contacts(page, 'Help', 'Contact support');
    await expect(page.getByRole('combobox', { name: 'Country or region' })).toHaveValue('Armenia');
    await expect(page.locator('.g-number').first()).toContainText('Then: Select option 9 · Enter code 7706');
    await tab(page, 'Billing');
    await expect(line(page, 'Russian')).toContainText('Closed · opens 11:00 AM (your time), 10:00 AM local time');
    await expect(line(page, 'English')).toContainText('Closed · opens 1:00 PM (your time), 9:00 AM local time');
    await page.getByLabel('I want to speak').selectOption('Russian');
    await expect(page.getByRole('tabpanel').getByRole('listitem')).toHaveCount(1);
    await page.screenshot({ path: 'target/e2e/screens/contacts-yerevan.png' });
  });
});

test.describe('special clouds set by the host page', () => {
  test.use({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  test('21Vianet: severity A 24x7, B/C from 09:00 Beijing time', async ({ page }) => {
    await hostConfig(page, { cloud: '21vianet' });
    await page.clock.setFixedTime(new Date('2026-11-24T19:00:00Z')); // Wed 03:00 Beijing
    await contacts(page, 'Help', 'Contact support');
    await expect(page.getByText('Office 365 operated by 21Vianet')).toBeVisible();
    await expect(page.locator('a.g-tel').first()).toHaveAttribute('href', 'tel:+864000890365');
    const items = page.getByRole('tabpanel').getByRole('listitem');
    await expect(items.filter({ hasText: 'Severity: A' })).toContainText('Open now · always open');
    await expect(items.filter({ hasText: 'Severity: B/C' })).toContainText('Closed · opens 9:00 AM (your time)');
  });
});

test.describe('Office 365 Germany from Vienna', () => {
  test.use({ locale: 'de-AT', timezoneId: 'Europe/Vienna' });
  test('other EEA markets call +49 69 380 789 305, international charges', async ({ page }) => {
    await hostConfig(page, { cloud: 'germany' });
    await contacts(page, 'Hilfe', 'Support kontaktieren');
    await expect(page.getByRole('combobox', { name: 'Land oder Region' })).toHaveValue('Österreich');
    await expect(page.locator('a.g-tel').first()).toHaveAttribute('href', 'tel:+4969380789305');
    await expect(page.getByText('Es fallen Gebühren für ein Auslandsgespräch an.')).toBeVisible();
    await page.getByRole('combobox', { name: 'Land oder Region' }).fill('deut');
    await page.getByRole('option', { name: 'Deutschland' }).click();
    await expect(page.locator('a.g-tel').first()).toHaveAttribute('href', 'tel:+498005892330');
  });
});

test.describe('contact screen controls', () => {
  test.use({ locale: 'en-GB', timezoneId: 'Europe/London' });
  test('tabs follow the keyboard and a number can be copied', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await contacts(page, 'Help', 'Contact support');
    const technical = page.getByRole('tab', { name: 'Technical' });
    await expect(technical).toHaveAttribute('aria-selected', 'true');
    await technical.focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('tab', { name: 'Billing' })).toBeFocused();
    await expect(page.getByRole('tab', { name: 'Billing' })).toHaveAttribute('aria-selected', 'true');
    await page.getByRole('button', { name: 'Copy 0800 032 6417' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Number copied.' })).toBeAttached();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('0800 032 6417');
  });
  test('a region search with no match says so', async ({ page }) => {
    await contacts(page, 'Help', 'Contact support');
    await page.getByRole('combobox', { name: 'Country or region' }).fill('atlantis');
    await expect(page.getByText('No country or region matches.')).toBeVisible();
  });
});

test.describe('Tokyo on a public holiday (Marine Day, Monday 20 July 2026, 11:00)', () => {
  test.use({ locale: 'en-US', timezoneId: 'Asia/Tokyo' });
  test('billing lines are closed, open Tuesday, and the pane says so first with the request form', async ({ page }) => {
    await page.clock.setFixedTime(new Date('2026-07-20T02:00:00Z'));
    await contacts(page, 'Help', 'Contact support');
    await expect(page.getByRole('combobox', { name: 'Country or region' })).toHaveValue('Japan');
    // Technical: the Enterprise line is open around the clock, so no after-hours notice.
    await expect(page.locator('.g-after-hours')).toHaveCount(0);
    await tab(page, 'Billing');
    await expect(line(page, 'English')).toContainText('Closed · opens Tuesday 9:00 AM (your time)');
    const notice = page.locator('.g-after-hours');
    await expect(notice).toContainText('Nobody is answering these lines right now. Closed · opens Tuesday 9:00 AM (your time)');
    await notice.getByRole('button', { name: 'File a request online' }).click();
    await expect(page.getByRole('heading', { name: 'New support request' })).toBeVisible();
  });
  test('the notice offers a callback at the next opening, which opens the callback form with that time', async ({ page }) => {
    await page.clock.setFixedTime(new Date('2026-07-20T02:00:00Z'));
    await contacts(page, 'Help', 'Contact support');
    await tab(page, 'Billing');
    const notice = page.locator('.g-after-hours');
    await notice.getByRole('button', { name: 'Ask to be called back at 09:00' }).click();
    await expect(page.getByRole('heading', { name: 'New support request' })).toBeVisible();
    await expect(page.getByLabel('Kind of request')).toHaveValue('callback');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByLabel('Preferred callback time')).toHaveValue('09:00');
  });
  test('the Friday evening before: opens Tuesday, not Monday', async ({ page }) => {
    await page.clock.setFixedTime(new Date('2026-07-17T10:00:00Z'));
    await contacts(page, 'Help', 'Contact support');
    await tab(page, 'Billing');
    await expect(line(page, 'Japanese')).toContainText('Closed · opens Tuesday 9:00 AM (your time)');
  });
});

test.describe('directory defects fixed', () => {
  test.use({ locale: 'en-US' });
  test('France: local charges are the alternative number\'s, not the toll-free main number\'s', async ({ page }) => {
    await page.clock.setFixedTime(new Date('2026-11-24T10:00:00Z'));
    await hostConfig(page, { region: 'FR' });
    await contacts(page, 'Help', 'Contact support');
    const numbers = page.locator('li.g-number');
    await expect(numbers.first()).not.toContainText('local call charges');
    await expect(numbers.nth(1)).toContainText('local call charges');
    await expect(page.locator('.g-notes')).not.toContainText('Local call charges apply.');
  });
  test('Congo dials Côte d\'Ivoire\'s number in its own country', async ({ page }) => {
    await hostConfig(page, { region: 'CG' });
    await contacts(page, 'Help', 'Contact support');
    await expect(page.locator('a.g-tel').first()).toHaveAttribute('href', 'tel:+22520242490');
  });
  test('Togo: hours published as 8 AM-4 AM make no open-now claim', async ({ page }) => {
    await page.clock.setFixedTime(new Date('2026-11-24T10:00:00Z'));
    await hostConfig(page, { region: 'TG' });
    await contacts(page, 'Help', 'Contact support');
    await tab(page, 'Billing');
    await expect(line(page, 'English')).toContainText('Published hours look wrong: call to check');
    await expect(line(page, 'English')).not.toContainText('Open now');
    await expect(page.locator('.g-after-hours')).toHaveCount(0);
  });
});
