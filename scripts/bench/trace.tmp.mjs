import { chromium } from 'playwright-core';
const base = process.argv[2];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-quic'] });
for (let r = 0; r < 3; r++) {
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
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const done = new Promise((res) => cdp.once('Tracing.tracingComplete', res));
  await cdp.send('Tracing.start', { categories: 'toplevel,devtools.timeline,v8,v8.wasm,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
  const t = await page.evaluate(async () => {
    const t0 = performance.now();
    window.Guichet.search('remboursement');
    await new Promise((resolve) => { const tick = () => (document.querySelector('guichet-help')?.shadowRoot?.querySelector('.g-option') ? resolve() : requestAnimationFrame(tick)); tick(); });
    return performance.now() - t0;
  });
  await cdp.send('Tracing.end');
  await done;
  // Main renderer thread: the thread with most RunTask time.
  const byThread = new Map();
  for (const e of events) if (e.ph === 'X' && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask')) byThread.set(`${e.pid}:${e.tid}`, (byThread.get(`${e.pid}:${e.tid}`) ?? 0) + e.dur);
  const main = [...byThread].sort((a, b) => b[1] - a[1])[0][0];
  const self = new Map();
  for (const e of events) {
    if (`${e.pid}:${e.tid}` !== main || e.ph !== 'X' || !e.dur) continue;
    self.set(e.name, (self.get(e.name) ?? 0) + e.dur / 1000);
  }
  console.log(`total ${t.toFixed(0)}:`, [...self].sort((a, b) => b[1] - a[1]).slice(0, 18).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(' | '));
  await ctx.close();
}
await browser.close();
