import { Page } from '@playwright/test';

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
