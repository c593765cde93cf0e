import { expect, Locator, Page } from '@playwright/test';

/** Sets `data-*` attributes on the host page's #guichet element before the pane boots, the way
 * a portal owner configures it. */
export async function hostConfig(page: Page, attrs: Record<string, string>) {
  await page.addInitScript((a) => {
    const apply = () => {
      const el = document.getElementById('guichet');
      if (!el) return false;
      for (const [k, v] of Object.entries(a)) el.setAttribute(`data-${k}`, v);
      return true;
    };
    if (!apply()) {
      const obs = new MutationObserver(() => { if (apply()) obs.disconnect(); });
      obs.observe(document, { childList: true, subtree: true });
    }
  }, attrs);
}

/** An English visitor's "remboursement" has no English match: the pane says so, lists the
 * French refund article and opens it in French. */
export async function expectFrenchFallback(page: Page, box: Locator) {
  await box.fill('remboursement');
  await expect(page.getByText('No article in English matches. Here are the articles in French:')).toBeVisible();
  const first = page.getByRole('option').first();
  await expect(first).toContainText('Demander un avoir ou un remboursement');
  await first.click();
  await expect(page.locator('[lang="fr"]').getByRole('heading', { name: 'Demander un avoir ou un remboursement pour un client Marketplace' })).toBeVisible();
}
