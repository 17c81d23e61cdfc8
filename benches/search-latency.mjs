// How long search.js takes to answer once the shards it needs have arrived (issue 5's
// "results within 50 ms after the shards arrive"), in headless Chromium from file://.
//
//   node benches/search-latency.mjs <built site dir> [query ...]
//
// Each query runs once cold (loading its shards, not timed) and then five times warm,
// timed inside the page with performance.now(); the median warm time is reported per query,
// then the worst of those. Default queries: common words, short prefixes, two-word queries.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch } from '../tests/browser/lib/harness.mjs';

const [site, ...args] = process.argv.slice(2);
if (!site) {
  console.error('usage: node benches/search-latency.mjs <built site dir> [query ...]');
  process.exit(2);
}
const queries = args.length
  ? args
  : ['dns', 'database', 'timeout', 'latency', 'payment', 'a', 'la', 'sup', 'e', 'db',
    'certificate expiry', 'dns timeout', 'disk full', 'aanekoski', 'ops'];

const browser = await launch();
try {
  const page = await browser.context.newPage();
  const url = pathToFileURL(path.resolve(site, 'search/index.html')).href;
  await page.goto(url);
  await page.waitForFunction(() => window.__opsloopSearch && window.__opsloopSearch.query);
  const rows = [];
  for (const q of queries) {
    const r = await page.evaluate(async (q) => {
      const api = window.__opsloopSearch;
      const cold = await api.query(q, {});
      const times = [];
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        await api.query(q, {});
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      return { total: cold.total, median: times[2] };
    }, q);
    rows.push({ q, ...r });
    console.log(`${JSON.stringify(q).padEnd(22)} ${String(r.total).padStart(8)} results  ${r.median.toFixed(1).padStart(7)} ms`);
  }
  const worst = rows.reduce((a, b) => (b.median > a.median ? b : a));
  console.log(`worst median: ${worst.median.toFixed(1)} ms (${JSON.stringify(worst.q)})`);
} finally {
  await browser.close();
}
