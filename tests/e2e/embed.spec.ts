import { test, expect, Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { query } from './db';

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'";

/** Serves the third-party host page (tests/e2e/host) under /host-test/, the HTML with a strict
 * CSP header; Guichet's files come from the intake server as a customer would host them. */
async function hostPage(page: Page, errors: string[], requests: string[]) {
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await page.route('**/host-test/**', (route) => {
    const name = path.basename(new URL(route.request().url()).pathname);
    const file = path.resolve(__dirname, 'host', name.includes('.') ? name : 'index.html');
    const type = file.endsWith('.css') ? 'text/css' : file.endsWith('.js') ? 'text/javascript' : 'text/html';
    return route.fulfill({ body: fs.readFileSync(file), headers: { 'content-type': type, 'content-security-policy': CSP } });
  });
  await page.goto('/host-test/home');
  await page.evaluate(() => {
    (window as any).__events = [];
    for (const e of ['ready', 'open', 'close', 'search', 'article-viewed', 'helpful', 'ticket-created']) {
      (window as any).Guichet.on(e, (p: any) => (window as any).__events.push([e, p]));
    }
  });
}

/** How many times the pane's content-hashed wasm was requested. */
const wasmFetches = (requests: string[]) => requests.filter((r) => /\/guichet-pane-[0-9a-f]{8,16}_bg\.wasm$/.test(r)).length;

/** Refuses the first `times` requests matching `url`, as if offline; returns how many were
 * refused so far. */
async function refuseFirst(page: Page, url: string | RegExp, times: number): Promise<() => number> {
  let refused = 0;
  await page.route(url, (route) => {
    if (refused < times) {
      refused += 1;
      return route.abort('internetdisconnected');
    }
    return route.continue();
  });
  return () => refused;
}

/** Refuses the first request for the pane's content-hashed JS glue, as if offline. */
const refuseFirstPaneLoad = (page: Page) => refuseFirst(page, /\/guichet-pane-[0-9a-f]{8,16}\.js/, 1);

const events = (page: Page) => page.evaluate(() => (window as any).__events.map((e: any) => e[0]));

test.use({ locale: 'en-US', timezoneId: 'America/New_York' });

test('one script tag: lazy wasm, isolated from hostile CSS, strict CSP, full host API', async ({ page }) => {
  const errors: string[] = [], requests: string[] = [];
  await hostPage(page, errors, requests);
  // Tiny until opened: the wasm is not fetched yet.
  const launcher = page.getByRole('button', { name: /Help/ });
  await expect(launcher).toBeVisible();
  expect(requests.some((r) => r.endsWith('.wasm'))).toBe(false);
  // Host CSS does not reach the pane (it hides every button and input on the page).
  await launcher.click();
  const box = page.getByRole('combobox', { name: 'Search help articles' });
  await expect(box).toBeVisible();
  expect(wasmFetches(requests)).toBe(1);
  const style = await page.getByRole('heading', { name: 'How can we help?' }).evaluate((el) => {
    const s = getComputedStyle(el);
    return { letterSpacing: s.letterSpacing, color: s.color, width: (el.closest('.g-pane') as HTMLElement).getBoundingClientRect().width };
  });
  expect(style).toEqual({ letterSpacing: 'normal', color: 'rgb(27, 27, 27)', width: 416 });
  await page.screenshot({ path: 'target/e2e/screens/embed-host.png' });

  await page.evaluate(() => (window as any).Guichet.search('refund'));
  await expect(box).toHaveValue('refund');
  await expect(page.getByRole('option').first()).toContainText('credit or refund');
  await page.evaluate(() => (window as any).Guichet.showArticle('severity-levels'));
  await expect(page.getByRole('heading', { name: 'Severity levels: A, B and C' })).toBeVisible();
  await page.getByRole('button', { name: 'Yes' }).click();
  await page.evaluate(() => (window as any).Guichet.setLocale('fr'));
  await expect(page.getByRole('heading', { name: 'Niveaux de gravité : A, B et C' })).toBeVisible();
  await page.evaluate(() => (window as any).Guichet.setLocale('en'));
  await page.evaluate(() => (window as any).Guichet.close());
  await expect(box).toHaveCount(0);
  await page.evaluate(() => (window as any).Guichet.showContact());
  await expect(page.getByRole('heading', { name: 'Contact support', level: 3 })).toBeVisible();

  // prefill + beforeSubmit + ticket-created
  await page.evaluate(() => {
    const G = (window as any).Guichet;
    G.prefill({ title: 'Prefilled by the host page', description: 'The host page knows what went wrong and says so.', contact_name: 'Host User', email: 'host@example.com' });
    G.beforeSubmit((t: any) => ({ ...t, problem_type: 'Added by beforeSubmit' }));
  });
  await page.getByRole('button', { name: 'File a request online' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByLabel('Title')).toHaveValue('Prefilled by the host page');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create request' }).click();
  await expect(page.getByRole('heading', { name: 'Request created' })).toBeVisible();
  const id = (await page.locator('#guichet-ticket-id').textContent())!;
  expect(query("SELECT json_extract(payload, '$.problem_type') FROM tickets WHERE id = ?", id)).toEqual([['Added by beforeSubmit']]);
  const got = await page.evaluate(() => (window as any).__events);
  expect(got.find((e: any) => e[0] === 'ticket-created')[1]).toEqual({ id });
  for (const e of ['ready', 'open', 'close', 'search', 'article-viewed', 'helpful', 'ticket-created']) expect(await events(page)).toContain(e);
  expect(errors.filter((e) => /Content.Security.Policy|Refused/i.test(e))).toEqual([]);
  expect(errors).toEqual([]);
});

test('survives the host SPA rebuilding the page', async ({ page }) => {
  const errors: string[] = [], requests: string[] = [];
  await hostPage(page, errors, requests);
  await page.getByRole('button', { name: /Help/ }).click();
  await expect(page.getByRole('combobox', { name: 'Search help articles' })).toBeVisible();
  await page.evaluate(() => (window as any).Guichet.close());
  await page.getByRole('link', { name: 'Billing' }).click(); // the router replaces <body>
  await expect(page.getByRole('heading', { name: 'Billing' })).toBeVisible();
  await page.evaluate(() => (window as any).Guichet.open());
  await expect(page.getByRole('combobox', { name: 'Search help articles' })).toBeVisible();
  expect(wasmFetches(requests)).toBe(1);
  expect(errors).toEqual([]);
});

test('unmount() releases the pane, mount() brings it back with its state; cycles leak no DOM node or listener', async ({ page }) => {
  const errors: string[] = [], requests: string[] = [];
  await hostPage(page, errors, requests);
  const G = (f: string, ...a: any[]) => page.evaluate(([f, a]) => (window as any).Guichet[f as string](...(a as any[])), [f, a] as const);
  await G('search', 'refund');
  const box = page.getByRole('combobox', { name: 'Search help articles' });
  await expect(box).toHaveValue('refund');
  await G('unmount');
  expect(await page.evaluate(() => document.querySelector('guichet-help'))).toBeNull();
  await G('setLocale', 'fr'); // while unmounted: applies at the next mount
  await G('mount');
  await page.getByRole('button', { name: /Aide/ }).click();
  await expect(page.getByRole('combobox', { name: 'Rechercher dans les articles d’aide' })).toHaveValue('refund');
  await G('setLocale', 'en');
  // A showing call brings an unmounted pane back by itself.
  await G('unmount');
  await G('showContact');
  await expect(page.getByRole('heading', { name: 'Contact support', level: 3 })).toBeVisible();
  // DOM nodes and JS listeners after a forced GC: the same after 10 and after 40 cycles.
  const cdp = await page.context().newCDPSession(page);
  const counters = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    const c = await cdp.send('Memory.getDOMCounters');
    return { nodes: c.nodes, listeners: c.jsEventListeners };
  };
  const cycles = (n: number) => page.evaluate(async (n) => {
    const G = (window as any).Guichet;
    const pane = () => document.querySelector('guichet-help')?.shadowRoot?.querySelector('#guichet-pane') as HTMLElement | null;
    const until = (f: () => boolean) => new Promise<void>((res) => { const t = () => (f() ? res() : requestAnimationFrame(t)); t(); });
    for (let i = 0; i < n; i++) {
      G.unmount();
      G.search(i % 2 ? 'refund' : 'severity');
      // Closed only once the results are on screen, so every cycle ends in the same state
      // (closing while the index still loads would leave the count to a race).
      await until(() => pane()?.hidden === false && !!pane()?.querySelector('#guichet-opt-0'));
      G.close();
      await until(() => pane()?.hidden === true);
    }
  }, n);
  await cycles(10);
  const after10 = await counters();
  await cycles(30);
  expect(await counters()).toEqual(after10);
  expect(errors).toEqual([]);
});

test('unmount() during a submission loses nothing: the next mount sends the draft again and gets the same ticket', async ({ page }) => {
  const errors: string[] = [], requests: string[] = [];
  await hostPage(page, errors, requests);
  const title = `Unmounted while sending ${Date.now()}`;
  let release: () => void = () => {};
  const held = new Promise<void>((r) => (release = r));
  let posts = 0;
  let answered: Promise<void> = Promise.resolve();
  await page.route('**/api/tickets', async (route) => {
    posts += 1;
    if (posts === 1) {
      // The first answer comes only after the pane is gone.
      answered = held.then(() => route.continue());
      return answered;
    }
    return route.continue();
  });
  await page.evaluate((title) => (window as any).Guichet.prefill({ title, description: 'The host page unmounts the pane while this is being sent.', contact_name: 'Una Mount', email: 'una@example.com' }), title);
  await page.evaluate(() => (window as any).Guichet.showContact());
  await page.getByRole('button', { name: 'File a request online' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create request' }).click();
  await expect.poll(() => posts).toBe(1);
  await page.evaluate(() => (window as any).Guichet.unmount());
  release();
  await answered;
  await expect.poll(() => query('SELECT COUNT(*) FROM tickets WHERE title = ?', title)[0][0]).toBe(1);
  // Back: the draft is still there, sent with the same idempotency key → the same ticket.
  await page.evaluate(() => (window as any).Guichet.showContact());
  await page.getByRole('button', { name: 'File a request online' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByLabel('Title')).toHaveValue(title);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create request' }).click();
  await expect(page.getByRole('heading', { name: 'Request created' })).toBeVisible();
  const id = (await page.locator('#guichet-ticket-id').textContent())!;
  expect(query('SELECT id FROM tickets WHERE title = ?', title)).toEqual([[id]]);
  expect(errors).toEqual([]);
});

test('data-container mounts the pane inline, always open, without a launcher', async ({ page }) => {
  await page.route('**/host-test/**', (route) => {
    const url = new URL(route.request().url());
    const name = path.basename(url.pathname);
    if (name.endsWith('.css') || name.endsWith('.js')) {
      return route.fulfill({ body: fs.readFileSync(path.resolve(__dirname, 'host', name)), headers: { 'content-type': name.endsWith('.css') ? 'text/css' : 'text/javascript' } });
    }
    const html = fs.readFileSync(path.resolve(__dirname, 'host', 'index.html'), 'utf8').replace('data-plan="enterprise"', 'data-plan="enterprise" data-container="#inline-help"');
    return route.fulfill({ body: html, headers: { 'content-type': 'text/html', 'content-security-policy': CSP } });
  });
  await page.goto('/host-test/home');
  const box = page.getByRole('combobox', { name: 'Search help articles' });
  await expect(box).toBeVisible();
  await expect(page.getByRole('button', { name: /Help/ })).toHaveCount(0);
  expect(await box.evaluate((el) => !!(el.getRootNode() as ShadowRoot).host?.closest('#inline-help'))).toBe(true);
  await box.fill('reopen');
  await expect(page.getByRole('option').first()).toContainText('Reopen a closed request');
});

test('a right-to-left host page gets a right-to-left pane', async ({ page }) => {
  await page.route('**/host-test/**', (route) => {
    const name = path.basename(new URL(route.request().url()).pathname);
    if (name.endsWith('.css') || name.endsWith('.js')) {
      return route.fulfill({ body: fs.readFileSync(path.resolve(__dirname, 'host', name)), headers: { 'content-type': name.endsWith('.css') ? 'text/css' : 'text/javascript' } });
    }
    const html = fs.readFileSync(path.resolve(__dirname, 'host', 'index.html'), 'utf8').replace('<html lang="en">', '<html lang="ar" dir="rtl">');
    return route.fulfill({ body: html, headers: { 'content-type': 'text/html', 'content-security-policy': CSP } });
  });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/host-test/home');
  const launcher = page.getByRole('button', { name: /Help/ });
  await launcher.click();
  const pane = page.getByRole('dialog');
  await expect(pane).toBeVisible();
  const box = (await pane.boundingBox())!;
  expect(box.x).toBeLessThan(100); // on the left, the end side in RTL
  expect(await pane.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
  // English content still reads left to right.
  expect(await page.getByRole('heading', { name: 'How can we help?' }).evaluate((el) => getComputedStyle(el).direction)).toBe('ltr');
  await page.screenshot({ path: 'target/e2e/screens/embed-rtl.png' });
});

test('theming, dark theme, position and suggestions (also by URL rules) from the host page', async ({ page }) => {
  const errors: string[] = [], requests: string[] = [];
  await page.route('**/host-test/theme.css', (route) => route.fulfill({ body: 'guichet-help { --guichet-accent: rgb(200, 0, 90); }', headers: { 'content-type': 'text/css' } }));
  await page.route('**/host-test/**', (route) => {
    const name = path.basename(new URL(route.request().url()).pathname);
    if (name === 'theme.css') return route.fallback();
    if (name.endsWith('.css') || name.endsWith('.js')) {
      return route.fulfill({ body: fs.readFileSync(path.resolve(__dirname, 'host', name)), headers: { 'content-type': name.endsWith('.css') ? 'text/css' : 'text/javascript' } });
    }
    const html = fs.readFileSync(path.resolve(__dirname, 'host', 'index.html'), 'utf8')
      .replace('data-plan="enterprise"', 'data-plan="enterprise" data-theme="dark" data-position="left"')
      .replace('<link rel="stylesheet" href="/host-test/hostile.css">', '<link rel="stylesheet" href="/host-test/hostile.css"><link rel="stylesheet" href="/host-test/theme.css">');
    return route.fulfill({ body: html, headers: { 'content-type': 'text/html', 'content-security-policy': CSP } });
  });
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('/host-test/home');
  await page.evaluate(() => (window as any).Guichet.suggest([
    { path: '/host-test/billing', items: ['billing-subscription-support'] },
    { path: '/host-test/*', items: ['severity-levels', { title: 'Fabrikam status page', url: '/status' }, { title: 'bad', url: 'javascript:alert(1)' }] },
  ]));
  expect(requests.some((r) => r.endsWith('.wasm'))).toBe(false); // settings alone load nothing
  const launcher = page.getByRole('button', { name: /Help/ });
  await launcher.click();
  const suggested = page.getByRole('list', { name: 'Suggested for this page' });
  await expect(suggested.getByRole('link')).toHaveText(['Severity levels: A, B and C', 'Fabrikam status page']);
  // Theme from the host's custom property, dark theme, left position.
  const launcherBox = (await page.getByRole('button', { name: /Help/ }).boundingBox())!;
  expect(launcherBox.x).toBeLessThan(100);
  expect(await page.getByRole('button', { name: /Help/ }).evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(200, 0, 90)');
  expect(await page.getByRole('dialog').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(21, 25, 31)');
  await page.screenshot({ path: 'target/e2e/screens/embed-dark-left.png' });
  // SPA navigation to Billing: the rules apply again.
  await page.evaluate(() => (window as any).Guichet.close());
  await page.getByRole('link', { name: 'Billing' }).click();
  await page.evaluate(() => (window as any).Guichet.open());
  await expect(page.getByRole('list', { name: 'Suggested for this page' }).getByRole('link').first()).toHaveText('Billing, subscription and pre-sales questions');
  expect(errors).toEqual([]);
});

test('showArticle: an article the active locale lacks opens in the other one, said so; an unknown id says it is missing', async ({ page }) => {
  // A help center whose English half lacks one article (an imported one-language help center).
  await page.route('**/bundle/help-center.en.json', async (route) => {
    const res = await route.fetch();
    const hc = await res.json();
    const before = hc.articles.length;
    hc.articles = hc.articles.filter((a: any) => a.id !== 'severity-levels');
    expect(hc.articles.length).toBe(before - 1);
    await route.fulfill({ response: res, json: hc });
  });
  const errors: string[] = [], requests: string[] = [];
  await hostPage(page, errors, requests);
  await page.evaluate(() => (window as any).Guichet.showArticle('severity-levels'));
  await expect(page.locator('[lang="fr"]').getByRole('heading', { name: 'Niveaux de gravité : A, B et C' })).toBeVisible();
  await expect(page.getByText('This article is only available in French.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Yes' })).toBeVisible();

  await page.evaluate(() => (window as any).Guichet.showArticle('no-such-article'));
  await expect(page.getByRole('heading', { name: 'This article is not available' })).toBeVisible();
  await expect(page.getByText('Loading…')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Yes' })).toBeHidden();
  await page.getByRole('button', { name: 'Contact support', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Contact support', level: 3 })).toBeVisible();
  expect(errors).toEqual([]);
});

test('a pane that failed to load (offline at first open) loads on the next open', async ({ page }) => {
  const errors: string[] = [], requests: string[] = [];
  const refused = await refuseFirstPaneLoad(page);
  await hostPage(page, errors, requests);
  // Opened by the host API: no pointer resting on the launcher, whose early load would fail
  // silently and leave the retry to the click.
  await page.evaluate(() => (window as any).Guichet.open());
  await expect.poll(refused).toBe(1);
  await expect.poll(() => errors.some((e) => /guichet-pane/.test(e) || /import/i.test(e))).toBe(true);
  await expect(page.getByRole('combobox', { name: /Search/ })).toHaveCount(0);
  await page.evaluate(() => (window as any).Guichet.open());
  await expect(page.getByRole('combobox', { name: /Search/ })).toBeVisible();
});

test('the demo portal embeds the pane with the loader: nothing heavy before Help, then search works', async ({ page }) => {
  const errors: string[] = [], requests: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await page.goto('/demo/');
  const launcher = page.getByRole('button', { name: /Help/ });
  await expect(launcher).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Subscriptions' })).toBeVisible();
  // Only the page, its stylesheet and the loader: no wasm, no glue, no bundle yet.
  expect(requests.filter((r) => /\.wasm$|guichet-pane|\/bundle\//.test(r))).toEqual([]);
  await launcher.click();
  const box = page.getByRole('combobox', { name: 'Search help articles' });
  await box.fill('refund');
  await expect(page.getByRole('option').first()).toBeVisible();
  expect(wasmFetches(requests)).toBe(1);
  expect(errors).toEqual([]);
});

test('resting the pointer on the launcher (or focusing it) starts loading the pane before the click', async ({ page }) => {
  const errors: string[] = [], requests: string[] = [];
  await hostPage(page, errors, requests);
  const launcher = page.getByRole('button', { name: /Help/ });
  await expect(launcher).toBeVisible();
  const wasm = () => wasmFetches(requests);
  expect(wasm()).toBe(0);
  await launcher.hover();
  await expect.poll(wasm).toBe(1);
  // Not opened by the hover; the click opens it without fetching again.
  await expect(page.getByRole('combobox', { name: 'Search help articles' })).toHaveCount(0);
  await launcher.click();
  await expect(page.getByRole('combobox', { name: 'Search help articles' })).toBeVisible();
  expect(wasm()).toBe(1);
  expect(errors).toEqual([]);
});

test('an early load that fails while the pointer rests on the launcher is retried by the click, silently', async ({ page }) => {
  const errors: string[] = [], requests: string[] = [];
  const refused = await refuseFirstPaneLoad(page);
  await hostPage(page, errors, requests);
  const launcher = page.getByRole('button', { name: /Help/ });
  await launcher.hover();
  await expect.poll(refused).toBe(1);
  await launcher.click();
  await expect(page.getByRole('combobox', { name: 'Search help articles' })).toBeVisible();
  // Only the browser's own line about the refused request: no error from the loader.
  expect(errors.filter((e) => !/^Failed to load resource/.test(e))).toEqual([]);
});

test('keyboard focus on the launcher starts loading the pane too', async ({ page }) => {
  const errors: string[] = [], requests: string[] = [];
  await hostPage(page, errors, requests);
  const launcher = page.getByRole('button', { name: /Help/ });
  await launcher.focus();
  await expect.poll(() => wasmFetches(requests)).toBe(1);
  // Loaded, not mounted: the loader's launcher keeps the focus until it is used.
  await expect(launcher).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('combobox', { name: 'Search help articles' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('the loader fetches the help center with the wasm, and the pane takes that request instead of a second one', async ({ page }) => {
  const errors: string[] = [], requests: string[] = [];
  await hostPage(page, errors, requests);
  await page.getByRole('button', { name: /Help/ }).click();
  await page.getByRole('combobox', { name: 'Search help articles' }).fill('severity');
  await expect(page.getByRole('option').first()).toContainText('Severity levels');
  // Asked for before the pane's glue had run (the glue imports the parts' linker when it runs)...
  const helpCenter = requests.indexOf('/bundle/help-center.en.json');
  const linker = requests.findIndex((r) => /\/guichet-parts-[0-9a-f]{16}\.js$/.test(r));
  expect(helpCenter).toBeGreaterThanOrEqual(0);
  expect(linker).toBeGreaterThan(helpCenter);
  // ...and once only: the pane read the loader's answer.
  expect(requests.filter((r) => r.startsWith('/bundle/help-center.')).length).toBe(1);
  expect(errors).toEqual([]);
});

test('a help center the loader could not fetch is fetched again by the pane; failing again, it shows the error with Retry, which loads it', async ({ page }) => {
  const errors: string[] = [], requests: string[] = [];
  const refused = await refuseFirst(page, '**/bundle/help-center.en.json', 2);
  await hostPage(page, errors, requests);
  await page.getByRole('button', { name: /Help/ }).click();
  await page.getByRole('button', { name: 'Try again' }).click();
  await page.getByRole('combobox', { name: 'Search help articles' }).fill('severity');
  await expect(page.getByRole('option').first()).toContainText('Severity levels');
  expect(refused()).toBe(2);
  expect(requests.filter((r) => r === '/bundle/help-center.en.json').length).toBe(3);
});

test('a help center whose body is not UTF-8 shows the error, naming it, with Retry', async ({ page }) => {
  const errors: string[] = [], requests: string[] = [];
  let served = 0;
  await page.route('**/bundle/help-center.en.json', (route) => {
    if (served++ === 0) return route.fulfill({ body: Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]), headers: { 'content-type': 'application/json' } });
    return route.continue();
  });
  await hostPage(page, errors, requests);
  await page.getByRole('button', { name: /Help/ }).click();
  await expect(page.getByRole('alert')).toContainText('help-center.en.json: the body is not UTF-8');
  await page.getByRole('button', { name: 'Try again' }).click();
  await page.getByRole('combobox', { name: 'Search help articles' }).fill('severity');
  await expect(page.getByRole('option').first()).toContainText('Severity levels');
  expect(served).toBe(2);
});

test('a query handed over before the articles are there fetches the other language alongside, and shows it only once this language is checked', async ({ page }) => {
  const errors: string[] = [], requests: string[] = [];
  // This language's help center is held until the checks below.
  let release: () => void = () => {};
  await page.route('**/bundle/help-center.en.json', (route) => { release = () => route.continue(); });
  await hostPage(page, errors, requests);
  const french = page.waitForResponse((r) => r.url().endsWith('/bundle/help-center.fr.json'));
  // "refund" is answered in English: the French articles fetched alongside must not show first.
  await page.evaluate(() => (window as any).Guichet.search('refund'));
  expect((await french).status()).toBe(200);
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  await expect(page.getByRole('option')).toHaveCount(0);
  release();
  await expect(page.getByRole('option').first()).toContainText('Request a credit or refund for a Marketplace customer');
  // A query in the other language finds its answer with no further fetch of it.
  const box = page.getByRole('combobox', { name: 'Search help articles' });
  await box.fill('remboursement');
  await expect(page.getByRole('option').first()).toContainText('Demander un avoir ou un remboursement');
  expect(requests.filter((r) => r === '/bundle/help-center.fr.json').length).toBe(1);
});

test('a query handed over at first open: the loader reads the other language\'s help center and the glossary while the wasm downloads, and the pane takes them', async ({ page }) => {
  const errors: string[] = [], requests: string[] = [];
  await hostPage(page, errors, requests);
  const french = page.waitForRequest((r) => r.url().endsWith('/bundle/help-center.fr.json'));
  const glossary = page.waitForRequest((r) => r.url().endsWith('/bundle/glossary.json'));
  // The wasm is held until both were asked for: the pane alone would ask only once it runs.
  await page.route(/\/guichet-pane-[0-9a-f]{8,16}_bg\.wasm$/, async (route) => {
    await Promise.all([french, glossary]);
    return route.continue();
  });
  await page.evaluate(() => (window as any).Guichet.search('remboursement'));
  await expect(page.getByRole('option').first()).toContainText('Demander un avoir ou un remboursement');
  // Once each: the pane read the loader's answers.
  for (const file of ['/bundle/help-center.en.json', '/bundle/help-center.fr.json', '/bundle/glossary.json']) {
    expect(requests.filter((r) => r === file).length, file).toBe(1);
  }
  expect(errors).toEqual([]);
});

test('a read-ahead that does not come does not hold the pane back: it opens and searches this language', async ({ page }) => {
  const errors: string[] = [], requests: string[] = [];
  // The other language's help center never comes.
  await page.route('**/bundle/help-center.fr.json', () => {});
  await hostPage(page, errors, requests);
  await page.evaluate(() => (window as any).Guichet.search('severity'));
  await expect(page.getByRole('option').first()).toContainText('Severity levels');
  expect(requests).toContain('/bundle/help-center.fr.json');
});

test('opened without a query, the loader does not fetch the other language', async ({ page }) => {
  const errors: string[] = [], requests: string[] = [];
  await hostPage(page, errors, requests);
  await page.getByRole('button', { name: /Help/ }).click();
  const box = page.getByRole('combobox', { name: 'Search help articles' });
  await box.fill('severity');
  await expect(page.getByRole('option').first()).toContainText('Severity levels');
  expect(requests).not.toContain('/bundle/help-center.fr.json');
  expect(requests).not.toContain('/bundle/glossary.json');
  expect(errors).toEqual([]);
});

// A read-ahead that failed in the network once is fetched by the pane, with no error shown:
// this language's help center, or (on a query) the other language's.
for (const [file, query, first] of [
  ['help-center.en.json', 'severity', 'Severity levels'],
  ['help-center.fr.json', 'remboursement', 'Demander un avoir ou un remboursement'],
]) {
  test(`a read-ahead of ${file} that failed once is fetched by the pane, with no error shown`, async ({ page }) => {
    const errors: string[] = [], requests: string[] = [];
    const refused = await refuseFirst(page, `**/bundle/${file}`, 1);
    await hostPage(page, errors, requests);
    await page.evaluate((q) => (window as any).Guichet.search(q), query);
    await expect(page.getByRole('option').first()).toContainText(first);
    await expect(page.getByRole('alert')).toHaveCount(0);
    expect(refused()).toBe(1);
    expect(requests.filter((r) => r === `/bundle/${file}`).length).toBe(2);
  });
}

test('the other language\'s help center failing in the network is asked for again by the next query, not before', async ({ page }) => {
  const errors: string[] = [], requests: string[] = [];
  const refused = await refuseFirst(page, '**/bundle/help-center.fr.json', 2);
  await hostPage(page, errors, requests);
  // Read ahead by the loader, then by the pane: both fail.
  await page.evaluate(() => (window as any).Guichet.search('remboursement'));
  await expect(page.getByText('No article matches')).toBeVisible();
  expect(refused()).toBe(2);
  expect(requests.filter((r) => r === '/bundle/help-center.fr.json').length).toBe(2);
  await page.getByRole('combobox', { name: 'Search help articles' }).fill('remboursements');
  await expect(page.getByRole('option').first()).toContainText('Demander un avoir ou un remboursement');
  expect(requests.filter((r) => r === '/bundle/help-center.fr.json').length).toBe(3);
});

test('a bundle without the other language (404) is asked for it once, not again and again', async ({ page }) => {
  const errors: string[] = [], requests: string[] = [];
  await page.route('**/bundle/help-center.fr.json', (route) => route.fulfill({ status: 404, body: 'not found' }));
  await hostPage(page, errors, requests);
  await page.getByRole('button', { name: /Help/ }).click();
  const box = page.getByRole('combobox', { name: 'Search help articles' });
  await box.fill('remboursement');
  await expect(page.getByText('No article matches')).toBeVisible();
  await box.fill('severity');
  await expect(page.getByRole('option').first()).toContainText('Severity levels');
  await box.fill('remboursement');
  await expect(page.getByText('No article matches')).toBeVisible();
  expect(requests.filter((r) => r === '/bundle/help-center.fr.json').length).toBe(1);
});

test('the browser\'s date formatter is not created before the first result (it costs a phone about 90 ms), then the region is detected from its time zone', async ({ page }) => {
  await page.addInitScript(() => {
    const Real = Intl.DateTimeFormat;
    (window as any).__formatters = 0;
    (Intl as any).DateTimeFormat = function (...args: any[]) { (window as any).__formatters += 1; return new (Real as any)(...args); };
    (Intl as any).DateTimeFormat.prototype = Real.prototype;
    (Intl as any).DateTimeFormat.supportedLocalesOf = Real.supportedLocalesOf;
    // The count when the first result enters the pane (a mutation observer runs before any
    // later task, such as the directory's fetch that follows the first results).
    const watch = () => {
      const root = document.querySelector('guichet-help')?.shadowRoot;
      if (!root) return requestAnimationFrame(watch);
      const seen = new MutationObserver(() => {
        if (root.querySelector('.g-option')) {
          (window as any).__atFirstResult = (window as any).__formatters;
          seen.disconnect();
        }
      });
      seen.observe(root, { childList: true, subtree: true });
    };
    requestAnimationFrame(watch);
  });
  const errors: string[] = [], requests: string[] = [];
  await hostPage(page, errors, requests);
  await page.evaluate(() => (window as any).Guichet.search('severity'));
  await expect(page.getByRole('option').first()).toContainText('Severity levels');
  expect(await page.evaluate(() => (window as any).__atFirstResult)).toBe(0);
  await page.evaluate(() => (window as any).Guichet.showContact());
  await expect(page.getByRole('combobox', { name: 'Country or region' })).toHaveValue('United States');
  expect(await page.evaluate(() => (window as any).__formatters)).toBeGreaterThan(0);
});

test.describe('German visitor', () => {
  test.use({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });

  test('a query handed over at first open, before the articles: German reads English articles, so the French ones are the fallback', async ({ page }) => {
    const errors: string[] = [], requests: string[] = [];
    await hostPage(page, errors, requests);
    await page.evaluate(() => (window as any).Guichet.search('remboursement'));
    await expect(page.getByText('Kein Artikel auf Englisch passt. Hier sind die Artikel auf Französisch:')).toBeVisible();
    await expect(page.getByRole('option').first()).toContainText('Demander un avoir ou un remboursement');
    await page.getByRole('combobox').fill('severity');
    await expect(page.getByRole('option').first()).toContainText('Severity levels');
  });
});
