// The portal owner's page: reads GET /api/agent/insights with the agent token (kept in
// sessionStorage for this tab only) and draws each table with a bar chart (SVG, hidden from
// screen readers: the table next to it holds the same figures), CSV downloads and, for each
// search without results, a Markdown stub of the article to write.

const $ = (id) => document.getElementById(id);
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
};
const svgEl = (tag, attrs = {}) => {
  const e = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
};
const pct = (x) => `${(100 * x).toFixed(1)} %`;

/** Horizontal bars for [label, value] pairs (at most 10). */
function chart(pairs) {
  const rows = pairs.slice(0, 10);
  const max = Math.max(1, ...rows.map(([, v]) => v));
  const width = 640, labelW = 220, barH = 20, gap = 6;
  const svg = svgEl('svg', { viewBox: `0 0 ${width} ${rows.length * (barH + gap)}`, width: '100%', 'aria-hidden': 'true', focusable: 'false' });
  rows.forEach(([label, value], i) => {
    const y = i * (barH + gap);
    const text = svgEl('text', { x: 0, y: y + barH - 6 });
    text.textContent = label.length > 30 ? `${label.slice(0, 29)}…` : label;
    const w = Math.max(2, ((width - labelW - 60) * value) / max);
    const count = svgEl('text', { x: labelW + w + 6, y: y + barH - 6 });
    count.textContent = String(value);
    svg.append(text, svgEl('rect', { x: labelW, y, width: w, height: barH, rx: 3 }), count);
  });
  return el('figure', {}, svg);
}

function table(caption, head, rows, numeric) {
  const t = el('table', {}, el('caption', { class: 'muted' }, caption));
  t.append(el('thead', {}, el('tr', {}, ...head.map((h, i) => el('th', { scope: 'col', ...(numeric[i] ? { class: 'num' } : {}) }, h)))));
  const body = el('tbody');
  for (const r of rows) body.append(el('tr', {}, ...r.map((c, i) => (c instanceof Node ? el('td', {}, c) : el('td', numeric[i] ? { class: 'num' } : {}, String(c))))));
  t.append(body);
  return t;
}

function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const slug = (q) => q.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'new-article';

/** A Markdown article stub for a query nobody found an answer to (Guichet's front matter). */
function stub(q, f) {
  const locale = f.locale ?? 'en';
  const title = q.query.charAt(0).toUpperCase() + q.query.slice(1);
  return `---\nid: ${slug(q.query)}\ntitle: "${title.replace(/"/g, '\\"')}"\nlocale: ${locale}\ntags: []\n` +
    `updated: ${new Date().toISOString().slice(0, 10)}\n---\n` +
    `<!-- ${q.searches} searches for "${q.query}" found nothing between ${f.from} and ${f.to}. Write the answer below. -->\n\n`;
}

function params() {
  const p = new URLSearchParams({ from: $('from').value, to: $('to').value });
  if ($('locale').value) p.set('locale', $('locale').value);
  return p;
}

async function get(path) {
  const r = await fetch(path, { headers: { authorization: `Bearer ${$('token').value}` } });
  if (!r.ok) {
    const body = await r.json().catch(() => ({}));
    throw new Error(r.status === 401 ? 'The agent token is wrong.' : body.message ?? `The intake answered ${r.status}.`);
  }
  return r;
}

function csvButton(table) {
  const b = el('button', { type: 'button', class: 'secondary' }, 'Download CSV');
  b.addEventListener('click', async () => {
    try {
      const r = await get(`/api/agent/insights/${table}.csv?${params()}`);
      download(`guichet-${table}-${$('from').value}-${$('to').value}.csv`, await r.text(), 'text/csv');
    } catch (e) {
      $('error').textContent = e.message;
    }
  });
  return el('div', { class: 'actions' }, b);
}

function fill(name, f, render) {
  const section = document.querySelector(`section[data-table="${name}"]`);
  section.querySelectorAll('figure, table, .actions, .empty').forEach((n) => n.remove());
  const parts = render();
  if (!parts) {
    section.append(el('p', { class: 'empty' }, 'Nothing in this period.'));
    return;
  }
  section.append(...parts, csvButton(name));
}

function show(f) {
  $('k').textContent = String(f.k);
  const summary = $('summary');
  summary.replaceChildren();
  const card = (label, value) => summary.append(el('div', {}, el('dt', {}, label), el('dd', {}, value)));
  card('Searches', String(f.searches));
  card('Without results', f.searches ? pct(f.zero_result_searches / f.searches) : '–');
  card('Deflection', f.deflection_rate == null ? '–' : pct(f.deflection_rate));
  card('Sessions that searched or read', String(f.sessions_engaged));
  card(`Queries under ${f.k} sessions (not listed)`, String(f.queries_below_k));
  const queries = (list, draft) => () => list.length && [
    chart(list.map((q) => [q.query, q.searches])),
    table(`${list.length} queries`, draft ? ['Query', 'Searches', 'Sessions', 'Article'] : ['Query', 'Searches', 'Sessions'],
      list.map((q) => {
        const row = [q.query, q.searches, q.sessions];
        if (draft) {
          const b = el('button', { type: 'button', class: 'secondary', 'aria-label': `Draft an article for “${q.query}”` }, 'Draft an article');
          b.addEventListener('click', () => download(`${slug(q.query)}.${f.locale ?? 'en'}.md`, stub(q, f), 'text/markdown'));
          row.push(b);
        }
        return row;
      }), [false, true, true, false]),
  ];
  fill('no_results', f, queries(f.no_results, true));
  fill('top_searches', f, queries(f.top_searches, false));
  fill('opens_by_position', f, () => f.opens_by_position.length && [
    chart(f.opens_by_position.map((p) => [`Position ${p.position}`, p.opens])),
    table('Opens and click-through rate (opens over searches)', ['Position', 'Opens', 'Rate'],
      f.opens_by_position.map((p) => [p.position, p.opens, pct(p.rate)]), [true, true, true]),
  ]);
  fill('articles', f, () => f.articles.length && [
    chart(f.articles.map((a) => [a.article_id, a.views])),
    table('Views, “Did this help?” answers and tickets filed from each article', ['Article', 'Views', 'Helpful', 'Not helpful', 'Tickets'],
      f.articles.map((a) => [a.article_id, a.views, a.helpful, a.not_helpful, a.tickets]), [false, true, true, true, true]),
  ]);
  fill('tickets_by_article', f, () => f.tickets_by_article.length && [
    table('Tickets filed, by article', ['Article', 'Tickets'], f.tickets_by_article.map((t) => [t.item || '(none)', t.count]), [false, true]),
  ]);
  fill('contacts_by_region', f, () => f.contacts_by_region.length && [
    chart(f.contacts_by_region.map((c) => [c.item, c.count])),
    table('Contacts screen opens, by region (ISO 3166-1)', ['Region', 'Opens'], f.contacts_by_region.map((c) => [c.item, c.count]), [false, true]),
  ]);
  $('figures').hidden = false;
}

async function load() {
  $('error').textContent = '';
  $('status').textContent = 'Loading…';
  try {
    const r = await get(`/api/agent/insights?${params()}`);
    sessionStorage.setItem('guichet-agent-token', $('token').value);
    show(await r.json());
    $('status').textContent = `Figures from ${$('from').value} to ${$('to').value}.`;
  } catch (e) {
    $('status').textContent = '';
    $('error').textContent = e.message;
  }
}

const today = new Date();
const ago = new Date(today.getTime() - 29 * 86400000);
$('to').value = today.toISOString().slice(0, 10);
$('from').value = ago.toISOString().slice(0, 10);
$('token').value = sessionStorage.getItem('guichet-agent-token') ?? '';
$('filters').addEventListener('submit', (e) => {
  e.preventDefault();
  load();
});
if ($('token').value) load();
