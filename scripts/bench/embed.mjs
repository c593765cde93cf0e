// Time from Guichet.open() to interactive (search box present and help center loaded) in
// headless Chromium, cold cache (fresh context) and warm cache (reload), median of 5 runs.
// Usage: node scripts/bench/embed.mjs BASE_URL
import { chromium } from 'playwright-core';

const base = process.argv[2];
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
const measure = (page) => page.evaluate(async () => {
  const t0 = performance.now();
  window.Guichet.open();
  await new Promise((resolve) => {
    const ready = () => {
      const root = document.querySelector('guichet-help')?.shadowRoot;
      if (root?.querySelector('#guichet-pane')?.hidden === false && root.querySelector('.g-list a')) resolve();
      else requestAnimationFrame(ready);
    };
    ready();
  });
  return performance.now() - t0;
});
// The third-party host page of the e2e tests, with Guichet's loader ready.
async function openHost(page) {
  // Served by the intake next to dist/ (bench-embed.sh): no request routing, which would turn
  // the browser's HTTP cache off.
  await page.goto(base + '/host-test/home/');
  await page.waitForFunction(() => window.Guichet);
}
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cold = [], warm = [];
for (let i = 0; i < 5; i++) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await openHost(page);
  cold.push(await measure(page));
  await page.reload();
  await page.waitForFunction(() => window.Guichet);
  warm.push(await measure(page));
  await ctx.close();
}
console.log(`open() to interactive, median of 5: cold cache ${median(cold).toFixed(0)} ms, warm cache ${median(warm).toFixed(0)} ms`);

// Leaks: cycles of Guichet.unmount() → open() → search → close(), and of SPA navigations that
// rebuild <body>; after a forced GC, DOM nodes, JS event listeners, JS heap and wasm memory.
{
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await openHost(page);
  await measure(page);
  const cdp = await ctx.newCDPSession(page);
  const counters = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    const d = await cdp.send('Memory.getDOMCounters');
    const h = await cdp.send('Runtime.getHeapUsage');
    const wasm = await page.evaluate(() => window.Guichet.__wasmMemoryBytes());
    return { nodes: d.nodes, listeners: d.jsEventListeners, heap: h.usedSize, wasm };
  };
  const cycle = (page) => page.evaluate(async () => {
    const G = window.Guichet;
    const root = () => document.querySelector('guichet-help')?.shadowRoot;
    const until = (f) => new Promise((res) => { const t = () => (f() ? res() : requestAnimationFrame(t)); t(); });
    G.unmount();
    G.search('refund');
    await until(() => root()?.querySelector('.g-option'));
    G.close();
    await until(() => root()?.querySelector('#guichet-pane')?.hidden);
  });
  const spa = (page, i) => page.evaluate(async (i) => {
    const root = () => document.querySelector('guichet-help')?.shadowRoot;
    const until = (f) => new Promise((res) => { const t = () => (f() ? res() : requestAnimationFrame(t)); t(); });
    history.pushState({}, '', i % 2 ? '/host-test/billing' : '/host-test/home');
    window.dispatchEvent(new PopStateEvent('popstate'));
    await until(() => document.querySelector('guichet-help')?.isConnected);
    window.Guichet.open();
    await until(() => root()?.querySelector('#guichet-pane')?.hidden === false);
    window.Guichet.close();
    await until(() => root()?.querySelector('#guichet-pane')?.hidden);
  }, i);
  const row = (label, n, c, c0) => console.log(`| ${label} | ${n} | ${c.nodes} (${c.nodes - c0.nodes >= 0 ? '+' : ''}${c.nodes - c0.nodes}) | ${c.listeners} (${c.listeners - c0.listeners >= 0 ? '+' : ''}${c.listeners - c0.listeners}) | ${(c.heap / 1024).toFixed(0)} KiB (${((c.heap - c0.heap) / 1024).toFixed(0)}) | ${(c.wasm / 1048576).toFixed(1)} MiB (${((c.wasm - c0.wasm) / 1048576).toFixed(1)}) |`);
  console.log('\n| cycles of | after | DOM nodes | JS listeners | JS heap | wasm memory |\n|---|---|---|---|---|---|');
  for (let i = 0; i < 20; i++) await cycle(page); // warm up (caches, first allocations)
  let c0 = await counters();
  row('unmount → open → search → close', 0, c0, c0);
  let done = 0;
  for (const n of [50, 100, 200]) {
    for (; done < n; done++) await cycle(page);
    row('unmount → open → search → close', n, await counters(), c0);
  }
  for (let i = 0; i < 20; i++) await spa(page, i);
  c0 = await counters();
  row('SPA navigation → open → close', 0, c0, c0);
  for (let i = 1; i <= 200; i++) { await spa(page, i); if (i === 100 || i === 200) row('SPA navigation → open → close', i, await counters(), c0); }
  // Screen changes while mounted (contacts ↔ search): each rebuilt screen leaves its
  // subscriptions in long-lived signals until the state is dropped (reactive_graph 0.2), so
  // memory grows until an unmount; the second round reuses what the unmount gave back.
  const switches = (page, n) => page.evaluate(async (n) => {
    const G = window.Guichet;
    const tick = () => new Promise((res) => setTimeout(res, 0));
    for (let i = 0; i < n; i++) { if (i % 2) G.showContact(); else G.search(''); await tick(); }
    G.close();
  }, n);
  c0 = await counters();
  row('screen change (mounted)', 0, c0, c0);
  await switches(page, 400);
  row('screen change (mounted)', 400, await counters(), c0);
  await page.evaluate(() => { window.Guichet.unmount(); window.Guichet.mount(); });
  await switches(page, 400);
  row('unmount, then screen change', 400, await counters(), c0);
  await ctx.close();
}
await browser.close();
