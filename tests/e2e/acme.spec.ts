import { test, expect } from '@playwright/test';
import { hostConfig } from './host';
import { query } from './db';

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
    // Its profile has no callback flow: no callback offered.
    await expect(page.locator('.g-after-hours').getByRole('button')).toHaveText(['Déposer une demande en ligne']);
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

// Its portal profile (examples/acme/content/profile.toml): its own flows, plans, severities,
// response times and fields, validated by the pane and by the intake (which serves both
// profiles: playwright.config.ts passes GUICHET_PROFILES).
test.describe('Acme Cloud, a portal with its own request form', () => {
  test.use({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });

  // The demo page says data-plan="business"; the host's plan preselects the profile's plan of
  // that id (and is ignored when the profile has none).
  async function openForm(page, plan = 'starter') {
    await hostConfig(page, { bundle: '/bundle-acme', plan });
    await page.goto('/');
    await page.getByRole('button', { name: 'Aide' }).click();
    await page.getByRole('button', { name: 'Contacter le support' }).click();
    await page.getByRole('button', { name: 'Déposer une demande en ligne' }).click();
  }

  test('a bug report: its flows and plans, a severity its plan lacks, a field shown by a condition, a pattern, stored with the profile version', async ({ page }) => {
    await openForm(page);
    await expect(page.getByLabel('Type de demande').locator('option')).toHaveText(['Signaler un bug', 'Question sur une facture', 'Proposer une idée']);
    await expect(page.getByLabel('Formule de support').locator('option')).toHaveText(['Starter', 'Équipe', 'Business']);
    await expect(page.getByLabel('Formule de support')).toHaveValue('starter');
    // The flow imposes its issue type: no issue type to choose.
    await expect(page.getByLabel('Type de problème')).toHaveCount(0);
    await page.getByRole('button', { name: 'Suivant' }).click();

    // Starter has no urgent support for bugs (a severity limit of the profile).
    await expect(page.getByRole('radio', { name: /Urgent/ })).toBeDisabled();
    await page.getByRole('radio', { name: /Élevée/ }).check();
    await expect(page.locator('#guichet-response')).toContainText('3 jours ouvrés (traitement du lundi au vendredi de 9 h à 18 h, heure de Paris)');
    await page.getByLabel('Titre').fill('Export API renvoie 500');
    await page.getByLabel('Détails', { exact: true }).fill('Depuis ce matin chaque export de factures par l’API échoue.');
    // The request id shows only for the API.
    await expect(page.getByLabel('Identifiant de requête')).toBeHidden();
    await page.getByLabel('Où dans Acme ?').selectOption('api');
    await expect(page.getByLabel('Identifiant de requête')).toBeVisible();
    await page.getByLabel('Identifiant de requête').fill('request-42');
    await page.getByRole('button', { name: 'Suivant' }).click();
    await expect(page.locator('#guichet-e-answers-api_request_id')).toHaveText('Un identifiant de requête ressemble à req_4f9c2a71 (en-tête X-Request-Id).');
    await expect(page.getByLabel('Identifiant de requête')).toBeFocused();
    await page.getByLabel('Identifiant de requête').fill('req_4f9c2a71');
    await page.getByRole('button', { name: 'Suivant' }).click();

    await page.getByLabel('Nom', { exact: true }).fill('Camille Martin');
    await page.getByRole('textbox', { name: 'E-mail' }).fill('camille@example.fr');
    await page.getByRole('button', { name: 'Vérifier' }).click();
    const review = page.locator('.g-review');
    await expect(review).toContainText('Signaler un bug');
    await expect(review).toContainText('Où dans Acme ?');
    await expect(review).toContainText('req_4f9c2a71');
    await page.getByRole('button', { name: 'Créer la demande' }).click();
    const id = (await page.locator('#guichet-ticket-id').textContent())!;
    expect(id).toMatch(/^GU-[0-9A-F]{10}$/);
    const rows = query('SELECT kind, severity, plan, json_extract(payload, "$.answers.area"), json_extract(payload, "$.answers.api_request_id"), json_extract(payload, "$.profile") FROM tickets WHERE id = ?', id);
    expect(rows).toEqual([['bug_report', 'high', 'starter', 'api', 'req_4f9c2a71', 'acme-cloud@2026-12-01']]);
  });

  test('a billing question: the disputed amount is asked only when ticked, in a listed currency; the title is required', async ({ page }) => {
    await openForm(page);
    await page.getByLabel('Type de demande').selectOption('billing_question');
    await page.getByLabel('Formule de support').selectOption('business');
    await page.getByLabel(/Nombre de sièges/).fill('800');
    await page.getByRole('button', { name: 'Suivant' }).click();
    await expect(page.locator('#guichet-e-answers-seats')).toHaveText('Nombre attendu, de 1 à 500.');
    await page.getByLabel(/Nombre de sièges/).fill('12');
    await page.getByRole('button', { name: 'Suivant' }).click();

    // Billing is at most High: Urgent is not offered.
    await expect(page.getByRole('radio', { name: /Urgent/ })).toBeDisabled();
    await page.getByRole('radio', { name: /Élevée/ }).check();
    await expect(page.locator('#guichet-response')).toContainText('4 heures (traitement 24 h/24, 7 j/7)');
    await page.getByLabel('Titre').fill('Facture de novembre en double');
    await page.getByLabel('Numéro de facture').fill('INV-004211');
    await expect(page.getByRole('group', { name: 'Montant contesté' })).toBeHidden();
    await page.getByLabel('Je conteste un montant de cette facture (facultatif)').check();
    await expect(page.getByRole('group', { name: 'Montant contesté' })).toBeVisible();
    await page.getByRole('button', { name: 'Suivant' }).click();
    await expect(page.locator('#guichet-e-answers-disputed_amount')).toHaveText('Ce champ est obligatoire.');
    await page.getByRole('textbox', { name: 'Montant', exact: true }).fill('49.90');
    await page.getByRole('combobox', { name: 'Devise' }).selectOption('GBP');
    await page.getByRole('button', { name: 'Suivant' }).click();
    await page.getByLabel('Nom', { exact: true }).fill('Camille Martin');
    await page.getByRole('textbox', { name: 'E-mail' }).fill('camille@example.fr');
    await page.getByRole('button', { name: 'Vérifier' }).click();
    await page.getByRole('button', { name: 'Créer la demande' }).click();
    const id = (await page.locator('#guichet-ticket-id').textContent())!;
    const rows = query('SELECT kind, issue_type, json_extract(payload, "$.answers.seats"), json_extract(payload, "$.answers.disputed_amount.amount"), json_extract(payload, "$.answers.disputed_amount.currency"), json_extract(payload, "$.answers.invoice_number") FROM tickets WHERE id = ?', id);
    expect(rows).toEqual([['billing_question', 'billing', '12', '49.90', 'GBP', 'INV-004211']]);
  });
});

// Its glossary (examples/acme/content/glossary.tsv) and an article in French only
// (sepa-direct-debit): an English visitor's question reaches the French answer, marked as such.
test.describe('Acme Cloud, answers across languages', () => {
  test.use({ locale: 'en-US' });
  test('a French-only answer follows the English half-answers, marked French, and opens in French', async ({ page }) => {
    await hostConfig(page, { bundle: '/bundle-acme' });
    await page.goto('/');
    await page.getByRole('button', { name: 'Help' }).click();
    const box = page.getByRole('combobox', { name: 'Search help articles' });
    await box.fill('rejected invoice payment');
    const options = page.getByRole('option');
    await expect(options.first()).toContainText('Download invoices and change billing details');
    const french = options.filter({ hasText: 'Payer par prélèvement SEPA' });
    await expect(french).toContainText('French');
    await expect(french.locator('[lang="fr"]')).toHaveCount(1);
    // Nothing in English at all: the French article alone, through the glossary.
    await box.fill('direct debit');
    await expect(page.getByText('No article in English matches. Here are the articles in French:')).toBeVisible();
    await expect(options.first()).toContainText('Payer par prélèvement SEPA');
    await options.first().click();
    await expect(page.locator('[lang="fr"]').getByRole('heading', { name: 'Payer par prélèvement SEPA' })).toBeVisible();
  });
});
