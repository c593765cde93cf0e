// Time from Guichet.open() to interactive (search box present and help center loaded) in
// headless Chromium, cold cache (fresh context) and warm cache (reload), median of 5 runs.
// Usage: node scripts/bench/embed.mjs BASE_URL
import { chromium } from 'playwright-core';
import * as fs from 'node:fs';

const base = process.argv[2];
const html = fs.readFileSync('tests/e2e/host/index.html');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
const measure = (page) => page.evaluate(async () => {
  const t0 = performance.now();
  window.Guichet.open();
  await new Promise((resolve) => {
    const ready = () => {
      const root = document.querySelector('guichet-help')?.shadowRoot;
      if (root?.querySelector('#guichet-search') && root.querySelector('.g-list a')) resolve();
      else requestAnimationFrame(ready);
    };
    ready();
  });
  return performance.now() - t0;
});
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cold = [], warm = [];
for (let i = 0; i < 5; i++) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.route('**/host-test/**', (r) => r.fulfill({ body: r.request().url().endsWith('.css') || r.request().url().endsWith('.js') ? fs.readFileSync('tests/e2e/host/' + r.request().url().split('/').pop()) : html, headers: { 'content-type': r.request().url().endsWith('.css') ? 'text/css' : r.request().url().endsWith('.js') ? 'text/javascript' : 'text/html' } }));
  await page.goto(base + '/host-test/home');
  await page.waitForFunction(() => window.Guichet);
  cold.push(await measure(page));
  await page.reload();
  await page.waitForFunction(() => window.Guichet);
  warm.push(await measure(page));
  await ctx.close();
}
await browser.close();
console.log(`open() to interactive, median of 5: cold cache ${median(cold).toFixed(0)} ms, warm cache ${median(warm).toFixed(0)} ms`);
