import { test, expect, Page } from '@playwright/test';
import { createHmac } from 'node:crypto';
import { exec, query } from './db';
import { hostConfig } from './host';

const SECRET = 'e2e-secret'; // GUICHET_IDENTITY_SECRET of the test server (playwright.config.ts)

/** What a host's backend does: sign user id, email, tenant and expiry with HMAC-SHA256. */
function signedIdentity(userId: string, email: string, opts: { secret?: string; expiresIn?: number } = {}) {
  const expires_at = Math.floor(Date.now() / 1000) + (opts.expiresIn ?? 600);
  const signature = createHmac('sha256', opts.secret ?? SECRET).update(`${userId}\n${email}\ncontoso\n${expires_at}`).digest('hex');
  return { user_id: userId, email, tenant: 'contoso', name: 'Ada Admin', expires_at, signature };
}

async function toTicketForm(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Help' }).click();
  await page.getByRole('button', { name: 'Contact support' }).click();
  await page.getByRole('button', { name: 'File a request online' }).click();
}

async function fillSupportRequest(page: Page, title: string, contact = true) {
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Details').fill('Everything stopped working after this morning’s update.');
  await page.getByRole('button', { name: 'Next' }).click();
  if (contact) {
    await page.getByLabel('Name', { exact: true }).fill('Ada Admin');
    await page.getByRole('textbox', { name: 'Email' }).fill('ada@example.com');
  }
  await page.getByRole('button', { name: 'Review' }).click();
}

/** The refund part of the form: subscription, customer, amount, the period October 2026 (ending on `end`), billed 1 November. */
async function fillRefund(page: Page, r: { id: string; name: string; amount: string; end: string }) {
  await page.getByLabel('Customer subscription ID').fill(r.id);
  await page.getByLabel('Customer name', { exact: true }).fill(r.name);
  await page.getByLabel('Credit amount').fill(r.amount);
  await page.getByLabel('Period start').fill('2026-10-01');
  await page.getByLabel('Period end').fill(r.end);
  await page.getByLabel('Billing date of the period').fill('2026-11-01');
  await page.getByLabel('Reason').fill('Outage for the whole month.');
}

function count(title: string): number {
  return query('SELECT COUNT(*) FROM tickets WHERE title = ?', title)[0][0];
}

test.use({ locale: 'en-US', timezoneId: 'America/New_York' });

test('offline submit → reload → online → exactly one ticket', async ({ page, context }) => {
  const title = `Offline ticket ${Date.now()}`;
  await toTicketForm(page);
  await fillSupportRequest(page, title);
  await context.setOffline(true);
  await page.getByRole('button', { name: 'Create request' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Waiting to send:' })).toContainText(title);
  await page.screenshot({ path: 'target/e2e/screens/outbox-en.png' });
  expect(count(title)).toBe(0);
  await page.reload().catch(() => { /* offline: the reload itself fails */ });
  await context.setOffline(false);
  await page.goto('/');
  await expect.poll(() => count(title), { timeout: 15_000 }).toBe(1);
  await page.getByRole('button', { name: 'Help' }).click();
  await expect(page.getByText('Waiting to send:')).toHaveCount(0);
  expect(count(title)).toBe(1);
});

test('a tab closed while offline sends its ticket on the next visit, once', async ({ page, context }) => {
  const title = `Closed tab ${Date.now()}`;
  await toTicketForm(page);
  await fillSupportRequest(page, title);
  await context.setOffline(true);
  await page.getByRole('button', { name: 'Create request' }).click();
  await expect(page.getByText('Waiting to send:')).toBeVisible();
  await page.close(); // the only copy of the ticket is now the outbox in localStorage
  await context.setOffline(false);
  const next = await context.newPage();
  await next.goto('/');
  await expect(next.getByRole('button', { name: /Help/ })).toBeVisible();
  await next.getByRole('button', { name: /Help/ }).click();
  await expect(next.getByRole('heading', { name: 'Request created' })).toBeVisible({ timeout: 15_000 });
  expect(count(title)).toBe(1);
});

test('server errors and a lost answer are retried with one key: exactly one ticket', async ({ page }) => {
  const title = `Flaky server ${Date.now()}`;
  const keys: string[] = [];
  let calls = 0;
  await page.route('**/api/tickets', async (route) => {
    calls += 1;
    keys.push(route.request().headers()['idempotency-key']);
    if (calls === 1) return route.fulfill({ status: 503, body: '{"error":"storage_unavailable","message":"down"}' });
    if (calls === 2) {
      await route.fetch(); // the server stores it, but the answer never reaches the pane
      return route.abort('connectionreset');
    }
    return route.continue();
  });
  await toTicketForm(page);
  await fillSupportRequest(page, title);
  await page.getByRole('button', { name: 'Create request' }).click();
  await expect(page.getByRole('heading', { name: 'Request created' })).toBeVisible({ timeout: 15_000 });
  expect(calls).toBe(3);
  expect(new Set(keys).size).toBe(1);
  expect(count(title)).toBe(1);
});

test('a queued ticket can be cancelled, and its draft stays', async ({ page, context }) => {
  const title = `Cancelled ${Date.now()}`;
  await toTicketForm(page);
  await fillSupportRequest(page, title);
  await context.setOffline(true);
  await page.getByRole('button', { name: 'Create request' }).click();
  await page.getByRole('button', { name: 'Cancel sending' }).click();
  await expect(page.getByText('Waiting to send:')).toHaveCount(0);
  await context.setOffline(false);
  await expect(page.locator('.g-review')).toContainText(title);
  expect(count(title)).toBe(0);
});

test('a verified identity prefills and locks contact fields; the ticket is marked verified', async ({ page }) => {
  await hostConfig(page, { identity: JSON.stringify(signedIdentity('u-1', 'ada@contoso.com')) });
  const title = `Verified ${Date.now()}`;
  await toTicketForm(page);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Details').fill('Everything stopped working after this morning’s update.');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('Identity verified by your portal.')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Email' })).toHaveValue('ada@contoso.com');
  await expect(page.getByRole('textbox', { name: 'Email' })).toHaveAttribute('readonly', '');
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Ada Admin');
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create request' }).click();
  await expect(page.getByRole('heading', { name: 'Request created' })).toBeVisible();
  expect(query('SELECT CAST(verified AS INTEGER), user_id, tenant FROM tickets WHERE title = ?', title)).toEqual([[1, 'u-1', 'contoso']]);
});

test('a forged signature is rejected and nothing is stored', async ({ page }) => {
  await hostConfig(page, { identity: JSON.stringify(signedIdentity('u-1', 'ada@contoso.com', { secret: 'not-the-secret' })) });
  const title = `Forged ${Date.now()}`;
  await toTicketForm(page);
  await fillSupportRequest(page, title, false);
  await page.getByRole('button', { name: 'Create request' }).click();
  await expect(page.locator('#guichet-ticket-rejected')).toContainText('Support refused the request: The identity signature does not match');
  await expect(page.getByText('Waiting to send:')).toHaveCount(0);
  expect(count(title)).toBe(0);
});

test('a refund with a bad GUID gets field errors', async ({ page }) => {
  await toTicketForm(page);
  await page.getByLabel('Kind of request').selectOption('refund');
  await page.getByRole('button', { name: 'Next' }).click();
  // A refund is a billing matter; outside 21Vianet, billing may still be severity A.
  await expect(page.getByLabel(/A – critical/)).toBeEnabled();
  await fillRefund(page, { id: '1234-not-a-guid', name: 'Fabrikam', amount: '12,50', end: '2026-09-01' });
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.locator('#guichet-e-refund-customer_subscription_id')).toHaveText('Expected an id like xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (digits 0-9 and letters a-f).');
  await expect(page.locator('#guichet-e-refund-amount')).toHaveText('Expected a positive amount with at most two decimals, such as 120.50.');
  await expect(page.locator('#guichet-e-refund-period_end')).toHaveText('The period ends before it starts.');
  await expect(page.getByLabel('Customer subscription ID')).toBeFocused();
  await page.screenshot({ path: 'target/e2e/screens/refund-errors-en.png' });
  // Fixed, it goes through and is stored as a refund.
  await page.getByLabel('Customer subscription ID').fill('0f8fad5b-d9cb-469f-a165-70867728950e');
  await page.getByLabel('Credit amount').fill('12.50');
  await page.getByLabel('Period end').fill('2026-10-31');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Pat Partner');
  await page.getByRole('textbox', { name: 'Email' }).fill('pat@example.com');
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create request' }).click();
  await expect(page.getByRole('heading', { name: 'Request created' })).toBeVisible();
  const id = (await page.locator('#guichet-ticket-id').textContent())!;
  expect(query("SELECT kind, issue_type, json_extract(payload, '$.refund.amount') FROM tickets WHERE id = ?", id)).toEqual([['refund', 'billing_subscription', '12.50']]);
});

test('attachments: a screenshot is accepted, an executable named .png is refused with the reason', async ({ page }) => {
  await toTicketForm(page);
  await page.getByRole('button', { name: 'Next' }).click();
  const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
  await page.getByLabel('Attachments').setInputFiles([{ name: 'screen.png', mimeType: 'image/png', buffer: png }]);
  await expect(page.locator('.g-files')).toContainText('screen.png');
  await page.getByLabel('Attachments').setInputFiles([{ name: 'invoice.png', mimeType: 'image/png', buffer: Buffer.from('4d5a90000300000004000000ffff', 'hex') }]);
  await expect(page.locator('#guichet-e-attachments-upload')).toContainText('invoice.png: This file\'s content is not an accepted type');
  const title = `With attachment ${Date.now()}`;
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Details').fill('Screenshot of the error page attached.');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Ada Admin');
  await page.getByRole('textbox', { name: 'Email' }).fill('ada@example.com');
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create request' }).click();
  await expect(page.getByRole('heading', { name: 'Request created' })).toBeVisible();
  const id = (await page.locator('#guichet-ticket-id').textContent())!;
  expect(query('SELECT filename, mime FROM attachments WHERE ticket_id = ?', id)).toEqual([['screen.png', 'image/png']]);
});

test('my requests: reopen at day 13 works, at day 15 it does not', async ({ page, request }) => {
  const identity = signedIdentity('u-reopen', 'ada@contoso.com');
  const ids: string[] = [];
  for (const title of ['Closed 13 days ago', 'Closed 15 days ago']) {
    const r = await request.post('/api/tickets', { data: {
      issue_type: 'technical', severity: 'C', plan: 'enterprise', title, description: 'A problem that support already answered.',
      contact_name: 'Ada Admin', email: 'ada@contoso.com', preferred_contact: 'email', locale: 'en', identity } });
    expect(r.status()).toBe(201);
    ids.push((await r.json()).id);
    const c = await request.post(`/api/agent/tickets/${ids.at(-1)}/close`, { headers: { Authorization: 'Bearer e2e-agent' } });
    expect(c.status()).toBe(200);
  }
  const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();
  exec(`UPDATE tickets SET closed_at = '${daysAgo(13)}' WHERE id = '${ids[0]}'; UPDATE tickets SET closed_at = '${daysAgo(15)}' WHERE id = '${ids[1]}';`);
  // A public reply the helpdesk sent back (POST /api/inbound/…, tested natively).
  exec(`INSERT INTO replies (ticket_id, destination, reply_id, author, body, created_at)
       VALUES ('${ids[0]}', 'zendesk', 'c-1', 'Marie (Support)', 'We restarted the mail connector.', '${daysAgo(14)}');`);
  await hostConfig(page, { identity: JSON.stringify(identity) });
  await page.goto('/');
  await page.getByRole('button', { name: 'Help' }).click();
  await page.getByRole('button', { name: 'Contact support' }).click();
  await page.getByRole('button', { name: 'My requests' }).click();
  const day15 = page.getByRole('listitem').filter({ hasText: 'Closed 15 days ago' });
  await expect(day15).toContainText('Closed more than 14 days ago');
  await expect(day15.getByRole('button', { name: /Reopen/ })).toHaveCount(0);
  const replies = page.getByRole('listitem').filter({ hasText: 'Closed 13 days ago' }).getByRole('list', { name: 'Replies from support' });
  await expect(replies).toContainText('Marie (Support)');
  await expect(replies).toContainText('We restarted the mail connector.');
  await page.screenshot({ path: 'target/e2e/screens/my-requests-en.png' });
  await page.getByRole('button', { name: `Reopen ${ids[0]}` }).click();
  await expect(page.getByText('Request reopened.')).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: 'Closed 13 days ago' })).toContainText('Open');
  expect(query('SELECT status FROM tickets WHERE id = ?', ids[0])).toEqual([['open']]);
  expect(query('SELECT status FROM tickets WHERE id = ?', ids[1])).toEqual([['closed']]);
});

/** A signed request link's token, computed as `crate::link` documents it (an independent implementation). */
function linkToken(id: string, createdAt: string, secret = 'e2e-link', version = 0) {
  const expires = Math.floor(Date.parse(createdAt) / 1000) + 90 * 86_400;
  const sig = createHmac('sha256', secret).update(`${id}.${expires}.${version}`).digest('base64url');
  return `${id}.${expires}.${sig}`;
}

test('the confirmation email link opens that request without an account, with its replies and Reopen', async ({ page, request }) => {
  const r = await request.post('/api/tickets', { data: {
    issue_type: 'technical', severity: 'B', plan: 'enterprise', title: 'Linked request', description: 'A problem that support answered by email.',
    contact_name: 'Bob', email: 'bob@example.com', preferred_contact: 'email', locale: 'en' } });
  expect(r.status()).toBe(201);
  const { id, created_at } = await r.json();
  expect((await request.post(`/api/agent/tickets/${id}/close`, { headers: { Authorization: 'Bearer e2e-agent' } })).status()).toBe(200);
  exec(`INSERT INTO replies (ticket_id, destination, reply_id, author, body, created_at)
       VALUES ('${id}', 'zendesk', 'c-9', 'Sam (Support)', 'Fixed on our side.', '${new Date().toISOString()}');`);
  // A forged link is refused with a clear message.
  await page.goto(`/#guichet-request=${linkToken(id, created_at, 'wrong')}`);
  await expect(page.getByRole('heading', { name: 'My requests' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('This link is not valid');
  // The genuine link: the request, its reply, and Reopen.
  await page.goto(`/?again#guichet-request=${linkToken(id, created_at)}`);
  const item = page.getByRole('listitem').filter({ hasText: 'Linked request' });
  await expect(item).toContainText('Closed');
  await expect(item.getByRole('list', { name: 'Replies from support' })).toContainText('Fixed on our side.');
  await item.getByRole('button', { name: `Reopen ${id}` }).click();
  await expect(page.getByText('Request reopened.')).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: 'Linked request' })).toContainText('Open');
  expect(query('SELECT status FROM tickets WHERE id = ?', id)).toEqual([['open']]);
});

test('another user signed in on the same browser does not inherit the draft or recent searches', async ({ page }) => {
  // User A left a draft and searches behind; user B signs in on that browser.
  await page.addInitScript(() => {
    if (sessionStorage.getItem('seeded')) return;
    sessionStorage.setItem('seeded', '1');
    localStorage.setItem('guichet.draft-owner', 'u-a');
    localStorage.setItem('guichet.recent', JSON.stringify(['salary of u-a']));
    localStorage.setItem('guichet.draft', JSON.stringify({ kind: 'support_request', issue_type: 'technical', severity: 'C', plan: 'business',
      title: 'A private problem of user A', description: '', contact_name: 'User A', email: 'a@contoso.com', phone: '',
      preferred_contact: 'email', locale: 'en' }));
  });
  await hostConfig(page, { identity: JSON.stringify(signedIdentity('u-b', 'bob@contoso.com')) });
  await toTicketForm(page);
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByLabel('Title')).toHaveValue('');
  expect(await page.evaluate(() => [localStorage.getItem('guichet.recent'), localStorage.getItem('guichet.draft-owner')])).toEqual([null, 'u-b']);
  // The same user coming back keeps their own draft.
  await page.getByLabel('Title').fill('Bob keeps this draft');
  await toTicketForm(page);
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByLabel('Title')).toHaveValue('Bob keeps this draft');
});

test('a host that requires consent gets it before anything is sent, and the ticket records it', async ({ page }) => {
  await hostConfig(page, { 'privacy-url': 'https://portal.example/privacy', consent: 'required' });
  const title = `Consent ticket ${Date.now()}`;
  const posts: string[] = [];
  page.on('request', (r) => { if (r.method() === 'POST' && r.url().endsWith('/api/tickets')) posts.push(r.url()); });
  await toTicketForm(page);
  await fillSupportRequest(page, title);
  await expect(page.getByRole('link', { name: 'privacy notice' })).toHaveAttribute('href', 'https://portal.example/privacy');
  const box = page.getByRole('checkbox', { name: 'I agree that what I send here is used to answer my request.' });
  await page.getByRole('button', { name: 'Create request' }).click();
  await expect(page.getByText('Tick this box to send the request.')).toBeVisible();
  await expect(box).toBeFocused();
  await expect(box).toHaveAttribute('aria-invalid', 'true');
  expect(posts).toEqual([]);
  expect(count(title)).toBe(0);
  await box.check();
  await expect(page.getByText('Tick this box to send the request.')).toBeHidden();
  await page.getByRole('button', { name: 'Create request' }).click();
  await expect(page.getByRole('heading', { name: 'Request created' })).toBeVisible();
  expect(query("SELECT json_extract(payload, '$.consent') FROM tickets WHERE title = ?", title)[0][0]).toBeTruthy();
});

test('without the host’s settings the form has no consent box and no privacy link', async ({ page }) => {
  await toTicketForm(page);
  await fillSupportRequest(page, `No consent ${Date.now()}`);
  await expect(page.getByRole('heading', { name: /Review/ })).toBeVisible();
  await expect(page.getByRole('checkbox')).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'privacy notice' })).toHaveCount(0);
});

test('a queued refund shows its flow’s title, also when an earlier version queued it without one', async ({ page }) => {
  // The intake cannot be reached: the ticket waits in the outbox.
  await page.route('**/api/tickets', (route) => route.abort('internetdisconnected'));
  await toTicketForm(page);
  await page.getByLabel('Kind of request').selectOption('refund');
  await page.getByRole('button', { name: 'Next' }).click();
  await fillRefund(page, { id: '0f8fad5b-d9cb-469f-a165-70867728950e', name: 'Northwind Queued', amount: '40.00', end: '2026-10-31' });
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Pat Partner');
  await page.getByRole('textbox', { name: 'Email' }).fill('pat@example.com');
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create request' }).click();
  const banner = page.getByRole('status').filter({ hasText: 'Waiting to send:' });
  await expect(banner).toContainText('Refund request: Northwind Queued');
  // What an earlier version stored: the same entry without its title.
  const stored = await page.evaluate(() => {
    const list = JSON.parse(localStorage.getItem('guichet.outbox') ?? '[]');
    for (const q of list) delete q.title;
    localStorage.setItem('guichet.outbox', JSON.stringify(list));
    return list.map((q: { attempts: number }) => q.attempts);
  });
  expect(stored).toHaveLength(1);
  // After the reload the send fails only once the banner has its title (from the profile):
  // the failure must not put back the entry as it was read, untitled.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.unroute('**/api/tickets');
  await page.route('**/api/tickets', async (route) => { await held; await route.abort('internetdisconnected'); });
  await page.reload();
  await page.getByRole('button', { name: /Help/ }).click();
  await expect(banner).toContainText('Refund request: Northwind Queued');
  release();
  const attempts = () => page.evaluate(() => JSON.parse(localStorage.getItem('guichet.outbox') ?? '[]')[0]?.attempts ?? 0);
  await expect.poll(attempts).toBeGreaterThan(stored[0]);
  await expect(banner).toContainText('Refund request: Northwind Queued');
});
