// First open on a phone (report, not a test): on the e2e host page with Guichet's loader,
// `Guichet.search("remboursement")` → first result shown, in headless Chromium with the
// network and the CPU throttled through the DevTools protocol; cold cache (fresh context) and
// warm cache (after a reload), median of RUNS; and the bytes on the wire per file at a cold
// first open. Usage: node scripts/bench/first-open.mjs BASE_URL [RUNS]
import { chromium } from 'playwright-core';

const base = process.argv[2];
const runs = Number(process.argv[3] ?? 5);
// BENCH_QUERY: another query (the default, a French word on an English pane, also loads the
// French help center and the glossary once the English articles have no complete answer).
const query = process.env.BENCH_QUERY ?? 'remboursement';
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'] });
// Network figures of Chrome DevTools' presets named in the issue (latency ms, Mbit/s down).
// BENCH_ONLY: only the profiles whose name contains it (e.g. "Fast 4G"; then no byte tables).
const profiles = [
  { name: 'no throttling', net: null, cpu: 1 },
  { name: 'CPU 4× (mid-range phone)', net: null, cpu: 4 },
  { name: 'Fast 4G (40 ms, 9 Mbps) + CPU 4×', net: { latency: 40, mbps: 9 }, cpu: 4 },
  { name: 'Slow 4G (150 ms, 1.6 Mbps) + CPU 4×', net: { latency: 150, mbps: 1.6 }, cpu: 4 },
].filter((p) => p.name.includes(process.env.BENCH_ONLY ?? ''));

// The host page is served by the intake next to dist/ (bench-first-open.sh): no request
// routing, which would turn the browser's HTTP cache off.
async function openHost(page) {
  await page.goto(base + '/host-test/home/');
  await page.waitForFunction(() => window.Guichet);
}

const firstResult = (page) => page.evaluate(async (query) => {
  const t0 = performance.now();
  window.Guichet.search(query);
  await new Promise((resolve) => {
    const tick = () => (document.querySelector('guichet-help')?.shadowRoot?.querySelector('.g-option') ? resolve() : requestAnimationFrame(tick));
    tick();
  });
  return performance.now() - t0;
}, query);

async function throttle(ctx, page, p) {
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Network.enable');
  if (p.net) {
    const bytes = (p.net.mbps * 1e6) / 8;
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: p.net.latency, downloadThroughput: bytes, uploadThroughput: bytes / 2 });
  }
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: p.cpu });
  return cdp;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];
let wire = null;
let later = [];
for (const p of profiles) {
  const cold = [], warm = [];
  for (let i = 0; i < runs; i++) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const cdp = await throttle(ctx, page, p);
    // Bytes on the wire per URL (encoded: after compression, headers included), by request.
    const urls = new Map(), sizes = new Map(), ended = new Set();
    let waiting = null;
    cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
    const end = (id) => { ended.add(id); waiting?.(); };
    cdp.on('Network.loadingFinished', (e) => { sizes.set(e.requestId, e.encodedDataLength); end(e.requestId); });
    cdp.on('Network.loadingFailed', (e) => end(e.requestId));
    await openHost(page);
    const before = new Set(urls.keys());
    cold.push(await firstResult(page));
    if (!wire && p.net === null && p.cpu === 1) {
      // The first open's requests are those sent before the first result was seen (the
      // events of one session come in order); their sizes are counted once they end, which
      // may come after (the wasm compiles as it streams in).
      const first = [...urls.keys()].filter((id) => !before.has(id) || urls.get(id).includes('guichet'));
      await new Promise((done) => { waiting = () => first.every((id) => ended.has(id)) && done(); waiting(); });
      const bytes = (ids) => ids.map((id) => [new URL(urls.get(id)).pathname, sizes.get(id) ?? 0]);
      wire = bytes(first);
      // What the pane fetches in the background once the results are on screen (the screens
      // loaded on demand, prefetched 1.5 s later): not part of the first open.
      const seen = new Set(urls.keys());
      await page.waitForTimeout(4000);
      later = bytes([...urls.keys()].filter((id) => !seen.has(id) && ended.has(id)));
    }
    await page.reload();
    await page.waitForFunction(() => window.Guichet);
    warm.push(await firstResult(page));
    await ctx.close();
  }
  rows.push(`| ${p.name} | ${median(cold).toFixed(0)} ms | ${median(warm).toFixed(0)} ms |`);
  console.error(`${p.name}: cold ${cold.map((x) => x.toFixed(0)).join(', ')}; warm ${warm.map((x) => x.toFixed(0)).join(', ')}`);
}
await browser.close();
console.log(`## Search → first result for "${query}" (median of ${runs})\n\n| profile | cold cache | warm cache (reload) |\n|---|---|---|\n${rows.join('\n')}\n`);
// The bytes are counted in the first profile, without throttling (left out by BENCH_ONLY).
if (!wire) process.exit(0);
const total = wire.reduce((s, [, n]) => s + n, 0);
console.log(`## Bytes on the wire at a cold first open\n\n| file | bytes |\n|---|---|\n${wire.map(([u, n]) => `| ${u} | ${n} |`).join('\n')}\n| **total** | **${total}** |`);
const laterTotal = later.reduce((s, [, n]) => s + n, 0);
console.log(`\n## Fetched in the background after the first result (prefetch)\n\n| file | bytes |\n|---|---|\n${later.map(([u, n]) => `| ${u} | ${n} |`).join('\n')}\n| **total** | **${laterTotal}** |`);
