import { chromium } from 'playwright-core';
import * as fs from 'node:fs';
const base = process.argv[2];
const html = fs.readFileSync('tests/e2e/host/index.html');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--js-flags=--expose-gc'] });
const ctx = await browser.newContext();
const page = await ctx.newPage();
await page.route('**/host-test/**', (r) => r.fulfill({ body: r.request().url().endsWith('.css') || r.request().url().endsWith('.js') ? fs.readFileSync('tests/e2e/host/' + r.request().url().split('/').pop()) : html, headers: { 'content-type': r.request().url().endsWith('.css') ? 'text/css' : r.request().url().endsWith('.js') ? 'text/javascript' : 'text/html' } }));
await page.goto(base + '/host-test/home');
await page.waitForFunction(() => window.Guichet);
await page.evaluate(async () => { window.Guichet.open(); });
await page.waitForFunction(() => document.querySelector('guichet-help')?.shadowRoot?.querySelector('.g-list a'));
for (const mode of (process.argv[3] || 'query').split(',')) {
  const r = await page.evaluate(async ([mode, N]) => {
    const G = window.Guichet;
    const root = () => document.querySelector('guichet-help')?.shadowRoot;
    const until = (f) => new Promise((res) => { const t = () => (f() ? res() : requestAnimationFrame(t)); t(); });
    const tick = () => new Promise((res) => setTimeout(res, 0));
    const before = G.__wasmMemoryBytes();
    for (let i = 0; i < N; i++) {
      if (mode === 'type') { const box = root().querySelector('#guichet-search'); box.value = i % 2 ? 'refund' : 'severity'; box.dispatchEvent(new Event('input', { bubbles: true })); await tick(); }
      if (mode === 'emptyrender') { const box = root().querySelector('#guichet-search'); box.value = i % 2 ? 'zzzq' : 'zzzqq'; box.dispatchEvent(new Event('input', { bubbles: true })); await tick(); }
      if (mode === 'article') { if (i % 2) G.showArticle('severity-levels'); else G.search(''); await tick(); }
      if (mode === 'locale2') { G.setLocale(i % 2 ? 'de' : 'en'); await tick(); }
      if (mode === 'query') { G.search(i % 2 ? 'refund' : 'severity'); await tick(); }
      if (mode === 'locale') { G.setLocale(i % 2 ? 'fr' : 'en'); await tick(); }
      if (mode === 'screen') { if (i % 2) G.showContact(); else G.search(''); await tick(); }
      if (mode === 'openclose') { G.close(); await tick(); G.open(); await tick(); }
    }
    G.setLocale('en'); G.search('');
    gc();
    return [before, G.__wasmMemoryBytes()];
  }, [mode, Number(process.argv[4] || 400)]);
  console.log(mode, r[0], r[1], r[1] - r[0]);
}
await browser.close();
