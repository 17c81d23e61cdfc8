// Unit tests of themes/default/static/search.js without a browser: `node --test tests/browser/`.
// The index under fixtures/search-site/ is written by the Rust test tests/search_index.rs
// (which fails when it is stale), so these also check that both halves agree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
globalThis.window = globalThis;
// Evaluated as the classic script it is in the browser (package.json makes .js files ESM).
const mod = { exports: {} };
new Function('module', readFileSync(path.join(repo, 'themes/default/static/search.js'), 'utf8'))(mod);
const api = mod.exports;

const base = pathToFileURL(path.join(here, 'fixtures/search-site/search/')).href;
const loaded = [];
/** Runs an index file the way a <script> tag would. */
function load(url) {
  loaded.push(url.slice(base.length));
  return new Promise((resolve) => {
    new Function(readFileSync(fileURLToPath(url), 'utf8'))();
    resolve();
  });
}
api.engine = new api.Engine(base, load);
const titles = (results) => results.map((r) => r.title);

test('folds and tokenises exactly like src/search/fold.rs', () => {
  const cases = JSON.parse(readFileSync(path.join(repo, 'tests/search_fold_cases.json'), 'utf8'));
  assert.ok(cases.length >= 8);
  for (const [input, expected] of cases) {
    assert.deepEqual(api.tokens(input), expected, input);
  }
  assert.equal(api.fold('Äänekoski'), 'aanekoski');
  assert.equal(api.fold('corazón'), 'corazon');
  assert.equal(api.fold('Straße'), 'strasse');
});

test('the last word is a prefix only while it is being typed', () => {
  assert.deepEqual(api.parse('dns reso'), { words: ['dns', 'reso'], prefix: true });
  assert.deepEqual(api.parse('dns reso '), { words: ['dns', 'reso'], prefix: false });
  assert.deepEqual(api.parse('dns DNS'), { words: ['dns'], prefix: true });
  assert.deepEqual(api.parse(' !? '), { words: [], prefix: false });
});

test('accent-free spellings find Finnish, Spanish and German records', async () => {
  assert.deepEqual(titles(await api.query('aanekoski')), ['DNS resolver outage in Äänekoski']);
  assert.deepEqual(titles(await api.query('corazon ')), ['Caída del servicio de pagos']);
  assert.deepEqual(titles(await api.query('caida')), ['Caída del servicio de pagos']);
  assert.deepEqual(titles(await api.query('STRASSE')), ['Straße lookup failures in geocoder']);
});

test('ranks by the BM25 scores of the index, title matches above body-only ones', async () => {
  const r = await api.query('dns ');
  assert.equal(r.total, 5);
  // Scores from t/0.js ("dns": 117, 117, 109, 109, 60) divided by the manifest's scale;
  // ties go to the lower doc id (kind order, then newest); the only body-only mention
  // ("Disk full", dns in its labels) comes last.
  assert.deepEqual(titles(r), [
    'DNS resolver outage in Äänekoski',
    'DNS timeouts on api-gateway',
    'Add DNS failover runbook',
    'DNS',
    'Disk full on db-3',
  ]);
  assert.deepEqual(r.map((x) => x.score), [1.17, 1.17, 1.09, 1.09, 0.6]);
  // Scores of several words add up: the two records holding "dns" and "cache" lead.
  assert.deepEqual(titles(await api.query('dns cache ')).slice(0, 2),
    ['DNS resolver outage in Äänekoski', 'Disk full on db-3']);
  // While typed, "cache" also matches "caches" (the theme's description).
  assert.equal((await api.query('dns cache'))[0].title, 'DNS');
});

test('a typed prefix matches the word being typed', async () => {
  // "resolver" in a title, "resolution" and "resolvers" in the theme's description.
  assert.deepEqual(titles(await api.query('resol')), ['DNS resolver outage in Äänekoski', 'DNS']);
  assert.deepEqual(titles(await api.query('resol ')), []);
  assert.deepEqual(titles(await api.query('aaneko')), ['DNS resolver outage in Äänekoski']);
  assert.deepEqual(titles(await api.query('aaneko ')), []);
  assert.deepEqual(titles(await api.query('rollb')), ['Rollbacks now take two minutes']);
  assert.deepEqual(titles(await api.query('failover run')), ['Add DNS failover runbook']);
});

test('filters by kind, service, theme and year', async () => {
  assert.deepEqual(titles(await api.query('dns', { kind: 'incident' })).sort(),
    ['DNS timeouts on api-gateway', 'Disk full on db-3']);
  assert.deepEqual(titles(await api.query('dns', { kind: 'action' })), ['Add DNS failover runbook']);
  assert.deepEqual(titles(await api.query('dns', { service: 'api-gateway' })), ['DNS timeouts on api-gateway']);
  assert.deepEqual(titles(await api.query('dns', { theme: 'dns', kind: 'theme' })), ['DNS']);
  assert.deepEqual(titles(await api.query('dns', { year: '2024' })), ['Disk full on db-3']);
  const none = await api.query('dns', { service: 'payments' });
  assert.equal(none.length, 0);
  assert.equal(none.total, 0);
});

test('results carry kind, date, page link with anchor, and a highlighted snippet', async () => {
  const [r] = await api.query('aanekoski resolver');
  assert.equal(r.kind, 'postmortem');
  assert.equal(r.date, '2025-04-10');
  assert.equal(r.url, new URL('../postmortems/dns-resolver-outage/index.html', base).href);
  assert.equal(r.titleHtml, 'DNS <mark>resolver</mark> outage in <mark>Äänekoski</mark>');
  assert.match(r.snippetHtml, /The <mark>resolver<\/mark> cache/);
  const [inc] = await api.query('geocoder');
  assert.equal(inc.url, new URL('../incidents/index.html#incident-pd-2', base).href);
  const [ticket] = await api.query('card');
  assert.equal(ticket.url, 'https://jira.example.com/browse/JIRA-12');
  assert.equal(ticket.titleHtml, 'Customer cannot pay with <mark>card</mark> &lt;script&gt;');
});

test('ticket links are filled from the manifest\'s templates, and only into safe links', async () => {
  const m = await api.engine.init();
  assert.deepEqual(m.links, ['https://jira.example.com/browse/{id}']);
  assert.equal(api.engine.link([0, 'A%20B']), 'https://jira.example.com/browse/A%20B');
  assert.equal(api.engine.link([7, 'X-1']), '#');
  const saved = m.links;
  try {
    m.links = ['https://t.example/{id}/{id}', 'javascript:alert({id})', '{id}'];
    assert.equal(api.engine.link([0, 'X-1']), 'https://t.example/X-1/X-1');
    assert.equal(api.engine.link([1, '1']), '#');
    assert.equal(api.engine.link([2, 'javascript:alert(1)']), '#');
  } finally {
    m.links = saved;
  }
});

test('an index of another format is refused with a clear error', async () => {
  // Loads as `load` does without recording the file (a later test counts what loaded).
  const e = new api.Engine(base, (url) => {
    new Function(readFileSync(fileURLToPath(url), 'utf8'))();
    e.manifest.v = 1;
    return Promise.resolve();
  });
  const saved = api.engine;
  api.engine = e;
  try {
    await assert.rejects(e.init(), /format 1, this page reads 2/);
  } finally {
    api.engine = saved;
  }
});

test('an empty or unmatched query returns nothing', async () => {
  assert.equal((await api.query('')).length, 0);
  assert.equal((await api.query('constructor toString ')).length, 0);
  const r = await api.query('zebra');
  assert.equal(r.length, 0);
  assert.equal(r.total, 0);
});

test('pages through results with offset and limit', async () => {
  const all = await api.query('dns');
  const first = await api.query('dns', { limit: 2 });
  const second = await api.query('dns', { offset: 2, limit: 2 });
  assert.deepEqual(titles(first).concat(titles(second)), titles(all).slice(0, 4));
  assert.equal(first.total, all.total);
});

test('loads only the manifest and the shards a query needs', () => {
  assert.deepEqual([...new Set(loaded)].sort(), ['d/0.js', 'manifest.js', 't/0.js']);
});

test('highlight escapes before marking', () => {
  const p = api.parse('b');
  assert.equal(api.highlight('<b>bold</b> & b', p), '&lt;<mark>b</mark>&gt;<mark>bold</mark>&lt;/<mark>b</mark>&gt; &amp; <mark>b</mark>');
});

test('a result links only to the site, http(s) or mailto', () => {
  const e = api.engine;
  assert.equal(e.link('https://jira.example/browse/T-1'), 'https://jira.example/browse/T-1');
  assert.equal(e.link('mailto:ops@example.com'), 'mailto:ops@example.com');
  assert.equal(e.link('javascript:alert(1)'), '#');
  assert.equal(e.link('JaVaScRiPt:alert(1)'), '#');
  assert.equal(e.link('data:text/html,x'), '#');
  assert.ok(e.link('incidents/#incident-a').startsWith(base.replace(/search\/$/, '')));
});
