import { test, expect, Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { postgresUrl, sqlitePath } from './db';

// The portal owner's page (/insights) over 200 visitor sessions: 20 played in the pane by
// hand (typing, opening results, answering "did this help?"), 180 sent as the pane's beacons
// with realistic mixes, then rolled up as the hourly job would two days later.
const AXE = require.resolve('axe-core/axe.min.js');
const intake = path.resolve(__dirname, '../../target/debug/guichet-intake');

/** What the 200 sessions search for: [query, sessions, results]. "imprimante réseau" is made
 * by 4 sessions (k − 1 with k = 5): it must appear nowhere. */
const MIX: [string, number, number][] = [
  ['refund', 70, 3],
  ['invoice', 44, 4],
  ['phone support', 30, 5],
  ['severity a', 25, 2],
  ['printer toner order', 12, 0],
  ['vpn client download', 9, 0],
  ['partner center login', 6, 0],
  ['imprimante réseau', 4, 0],
];

async function playInPane(page: Page, query: string, n: number) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Help' }).click();
  await page.getByRole('combobox').first().fill(query);
  const first = page.getByRole('option').first();
  await expect(first).toBeVisible();
  if (n % 2 === 0) {
    await first.click();
    await page.getByRole('button', { name: n % 4 === 0 ? 'Yes' : 'No, contact support' }).click();
  }
  await page.getByRole('button', { name: 'Close help' }).click();
}

test.describe('the owner’s page', () => {
  // bypassCSP: axe-core is injected as an inline script, which the page's CSP refuses.
  test.use({ locale: 'en-GB', timezoneId: 'Europe/London', bypassCSP: true });

  test('shows what 200 sessions searched, hides queries under k, exports CSV and drafts articles', async ({ page, request }) => {
    test.setTimeout(120_000);
    const sizes: number[] = [];
    page.on('request', (r) => { if (r.url().endsWith('/api/events')) sizes.push((r.postData() ?? '').length); });
    // 20 sessions in the pane: "refund" and "invoice" typed by visitors.
    for (let n = 0; n < 20; n++) await playInPane(page, n < 12 ? 'refund' : 'invoice', n);
    // 180 more as the pane sends them.
    const left = new Map(MIX.map(([q, s]) => [q, q === 'refund' ? s - 12 : q === 'invoice' ? s - 8 : s]));
    let session = 0;
    const articles = ['marketplace-credit-refund', 'billing-subscription-support', 'call-support-by-phone'];
    for (const [q, , results] of MIX) {
      for (let i = 0; i < left.get(q)!; i++, session++) {
        const events: any[] = [{ type: 'search', query: q, locale: q.startsWith('imprimante') ? 'fr' : 'en', results }];
        if (results > 0 && i % 3 !== 2) {
          const article_id = articles[session % 3];
          events.push({ type: 'result_open', query: q, locale: 'en', position: 1 + (i % 3), article_id });
          events.push({ type: 'article_view', article_id, locale: 'en' });
        }
        if (i % 7 === 0) events.push({ type: 'contacts', region: ['FR', 'GB', 'DE'][i % 3] });
        if (i % 5 === 0) events.push({ type: 'ticket', from_article: results > 0 ? articles[session % 3] : null });
        const id = `play${String(session).padStart(28, '0')}`;
        const r = await request.post('/api/events', {
          headers: { 'content-type': 'text/plain;charset=UTF-8' },
          data: JSON.stringify({ session: id, seq: 1, events }),
        });
        expect(r.status()).toBe(204);
      }
    }
    expect(session).toBe(180);
    // Two days on, the hourly roll-up has run.
    const later = new Date(Date.now() + 2 * 86400000).toISOString();
    execFileSync(intake, ['--db', postgresUrl ?? sqlitePath, 'roll-up', '--now', later]);

    await page.goto('/insights');
    await page.getByLabel('Agent token').fill('wrong');
    await page.getByRole('button', { name: 'Show figures' }).click();
    await expect(page.getByRole('alert')).toHaveText('The agent token is wrong.');
    await page.getByLabel('Agent token').fill('e2e-agent');
    await page.getByRole('button', { name: 'Show figures' }).click();
    const gaps = page.locator('section[data-table="no_results"] table');
    await expect(gaps).toContainText('printer toner order');
    await expect(gaps).toContainText('vpn client download');
    await expect(gaps).toContainText('partner center login');
    await expect(page.locator('section[data-table="top_searches"] table')).toContainText('refund');
    // k − 1 sessions: nowhere on the page, nor in any CSV.
    await expect(page.locator('body')).not.toContainText('imprimante');
    for (const table of ['top_searches', 'no_results']) {
      const download = page.waitForEvent('download');
      await page.locator(`section[data-table="${table}"]`).getByRole('button', { name: 'Download CSV' }).click();
      const file = await (await download).path();
      const text = require('node:fs').readFileSync(file, 'utf8');
      expect(text.split('\n')[0]).toBe('query,searches,sessions');
      expect(text).not.toContain('imprimante');
      if (table === 'no_results') expect(text).toContain('printer toner order,12,12');
    }
    // A content gap becomes a Markdown stub with Guichet's front matter.
    const draft = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Draft an article for “printer toner order”' }).click();
    const md = require('node:fs').readFileSync(await (await draft).path(), 'utf8');
    expect(md).toMatch(/^---\nid: printer-toner-order\ntitle: "Printer toner order"\nlocale: en\n/);
    // Filter by locale: French only has the hidden query.
    await page.getByLabel('Language').selectOption('fr');
    await page.getByRole('button', { name: 'Show figures' }).click();
    await expect(page.locator('section[data-table="top_searches"] .empty')).toBeVisible();
    await page.getByLabel('Language').selectOption('');
    await page.getByRole('button', { name: 'Show figures' }).click();
    await expect(gaps).toContainText('printer toner order');
    await page.addScriptTag({ path: AXE });
    const violations = await page.evaluate(async () => {
      // @ts-ignore injected
      const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
      return r.violations.map((v: any) => `${v.id}: ${v.help} — ${v.nodes.map((n: any) => n.target.join(' ')).join(', ')}`);
    });
    expect(violations).toEqual([]);
    await page.screenshot({ path: 'target/e2e/screens/insights.png', fullPage: true });
    console.log(`insights: pane beacons ${sizes.length}, bytes min ${Math.min(...sizes)} max ${Math.max(...sizes)}`);
  });
});
