import { chromium } from 'playwright-core';
const base = process.argv[2];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-quic'] });
for (const net of [null, { latency: 40, mbps: 9 }]) for (const warm of [false, true]) for (let r = 0; r < 2; r++) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Network.enable');
  if (net) await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: net.latency, downloadThroughput: net.mbps * 1e6 / 8, uploadThroughput: net.mbps * 1e6 / 16 });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.goto(base + '/host-test/home/');
  await page.waitForFunction(() => window.Guichet);
  const run = () => page.evaluate(async () => {
    const t0 = performance.now();
    window.Guichet.search('remboursement');
    await new Promise((resolve) => { const tick = () => (document.querySelector('guichet-help')?.shadowRoot?.querySelector('.g-option') ? resolve() : requestAnimationFrame(tick)); tick(); });
    const t1 = performance.now() - t0;
    const marks = performance.getEntriesByType('mark').map((m) => `${(m.startTime - t0).toFixed(0)} ${m.name.replace(/http:\/\/[^/]+/, '')}`);
    const res = performance.getEntriesByType('resource').filter((e) => e.startTime >= t0 - 1).map((e) => `${(e.startTime - t0).toFixed(0)}-${(e.responseEnd - t0).toFixed(0)} ${e.name.replace(/http:\/\/[^/]+/, '')}`);
    return { t1, marks, res };
  });
  let out = await run();
  if (warm) { await page.reload(); await page.waitForFunction(() => window.Guichet); out = await run(); }
  console.log(`--- ${net ? 'fast4g' : 'cpu4'} ${warm ? 'warm' : 'cold'}: ${out.t1.toFixed(0)} ms`);
  console.log('  ' + out.res.join('\n  '));
  console.log('  ' + out.marks.filter((m) => !m.includes('entries 0')).join('\n  '));
  await ctx.close();
}
await browser.close();
