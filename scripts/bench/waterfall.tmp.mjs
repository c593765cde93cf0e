import { chromium } from 'playwright-core';
const base = process.argv[2];
const prof = { latency: Number(process.env.LAT ?? 40), mbps: Number(process.env.MBPS ?? 9) };
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-quic'] });
for (let r = 0; r < 2; r++) {
const ctx = await browser.newContext();
const page = await ctx.newPage();
const cdp = await ctx.newCDPSession(page);
await cdp.send('Network.enable');
const bytes = (prof.mbps * 1e6) / 8;
await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: prof.latency, downloadThroughput: bytes, uploadThroughput: bytes / 2 });
await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
const reqs = new Map();
cdp.on('Network.requestWillBeSent', (e) => reqs.set(e.requestId, { url: e.request.url, start: e.timestamp }));
cdp.on('Network.responseReceived', (e) => { const q = reqs.get(e.requestId); if (q) q.resp = e.timestamp; });
cdp.on('Network.loadingFinished', (e) => { const q = reqs.get(e.requestId); if (q) { q.end = e.timestamp; q.size = e.encodedDataLength; } });
await page.goto(base + '/host-test/home/');
await page.waitForFunction(() => window.Guichet);
const { t0, dt } = await page.evaluate(async () => {
  const t0 = performance.timeOrigin + performance.now();
  const s = performance.now();
  window.Guichet.search('remboursement');
  await new Promise((resolve) => { const tick = () => (document.querySelector('guichet-help')?.shadowRoot?.querySelector('.g-option') ? resolve() : requestAnimationFrame(tick)); tick(); });
  return { t0, dt: performance.now() - s };
});
// align: CDP timestamps are monotonic seconds; use first request after click as ref
const list = [...reqs.values()].filter((q) => q.url.includes('guichet') || q.url.includes('bundle'));
const ref = Math.min(...list.filter(q=>!q.url.endsWith('guichet.js')).map((q) => q.start));
console.log('first result', dt.toFixed(0), 'ms');
for (const q of list.sort((a, b) => a.start - b.start)) console.log(((q.start - ref) * 1000).toFixed(0).padStart(6), ((q.resp - ref) * 1000).toFixed(0).padStart(6), ((q.end - ref) * 1000).toFixed(0).padStart(6), String(q.size).padStart(7), new URL(q.url).pathname);
await ctx.close();
}
await browser.close();
