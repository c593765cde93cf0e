import { chromium } from 'playwright-core';
const base = process.argv[2];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-quic'] });
for (let r = 0; r < 4; r++) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.goto(base + '/host-test/home/');
  await page.waitForFunction(() => window.Guichet);
  if (process.env.WARM) {
    await page.evaluate(async () => { window.Guichet.search('remboursement'); await new Promise((resolve) => { const tick = () => (document.querySelector('guichet-help')?.shadowRoot?.querySelector('.g-option') ? resolve() : requestAnimationFrame(tick)); tick(); }); });
    await page.waitForTimeout(3000);
    await page.reload();
    await page.waitForFunction(() => window.Guichet);
  }
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const t = await page.evaluate(async () => {
    const t0 = performance.now();
    window.Guichet.search('remboursement');
    await new Promise((resolve) => { const tick = () => (document.querySelector('guichet-help')?.shadowRoot?.querySelector('.g-option') ? resolve() : requestAnimationFrame(tick)); tick(); });
    return performance.now() - t0;
  });
  const { profile } = await cdp.send('Profiler.stop');
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = profile.timeDeltas;
  profile.samples.forEach((id, i) => {
    const n = byId.get(id);
    const f = n.callFrame;
    let key = f.functionName || '(anon)';
    if (f.url.includes('.wasm') || key.startsWith('$') || f.url.startsWith('wasm')) key = 'WASM';
    else if (f.url.includes('guichet-pane')) key = 'glue:' + key;
    else if (f.url.includes('guichet-parts')) key = 'parts-js';
    else if (f.url) key = 'js:' + key;
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
  });
  console.log('total', t.toFixed(0), [...self].sort((a, b) => b[1] - a[1]).slice(0, 14).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(' | '));
  await ctx.close();
}
await browser.close();
