// Paths a reader takes through the built site (SITE_DIR, default public/), by clicking
// and typing as a person would, plus screenshots under target/screenshots/ to look at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import {
  REPO, SITE_DIR, SITE_BASE, SCREENSHOTS, startServer, launch, newPage, requireSite,
} from './lib/harness.mjs';

const QUERIES = JSON.parse(fs.readFileSync(path.join(REPO, 'tests/browser/queries.json'), 'utf8'));
let server;
let browser;

before(async () => {
  requireSite();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  server = await startServer(SITE_DIR, SITE_BASE);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** The page the tab shows, as a path a person recognises, e.g. `/themes/dns/`. */
function where(page) {
  const u = new URL(page.url());
  return u.pathname + u.hash;
}

/** Clicks the first link whose href (resolved) matches `re`; fails naming the page. */
async function follow(page, re, what, scope = 'body') {
  const links = page.locator(`${scope} a[href]`);
  const hrefs = await links.evaluateAll((as) => as.map((a) => a.href));
  const i = hrefs.findIndex((h) => re.test(new URL(h).pathname + new URL(h).hash));
  assert.ok(i >= 0, `${where(page)} has no link to ${what} (${re}) in ${scope}`);
  await Promise.all([page.waitForURL(hrefs[i]), links.nth(i).click()]);
}

function noProblems(page) {
  const ext = browser.external.map((e) => `${e.page}: request left 127.0.0.1: ${e.url}`);
  assert.deepEqual([...page.errors, ...ext], [], `on ${where(page)}`);
}

async function shoot(page, name, widths = [1280, 390]) {
  for (const w of widths) {
    await page.setViewportSize({ width: w, height: 900 });
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${w}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

test('overview -> theme -> chart: SVG and PNG load, CSV downloads', async () => {
  const page = await newPage(browser.context);
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(server.url());
    await shoot(page, `overview-${scheme}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await follow(page, /\/themes\/$/, 'the themes index', 'nav');
  await follow(page, /\/themes\/[^/]+\/$/, 'a theme', 'main');
  const theme = where(page);
  const toChart = /\/charts\/[^/]+\/$/;
  const chartLinks = await page.locator('main a[href]').evaluateAll((as) => as.map((a) => a.href));
  if (!chartLinks.some((h) => toChart.test(new URL(h).pathname))) {
    await follow(page, /\/charts\/$/, 'the charts index', 'nav');
  }
  await follow(page, toChart, `a chart page (from ${theme})`, 'main');
  await checkChartFiles(page);
  await shoot(page, 'chart');
  noProblems(page);
  await page.close();
});

async function checkChartFiles(page) {
  const here = where(page);
  const refs = await page.evaluate(() =>
    [...document.querySelectorAll('main img[src], main a[href], main source[srcset], main object[data]')]
      .map((e) => e.src || e.href || e.data || e.srcset.split(/[\s,]/)[0])
      .map((u) => new URL(u, location.href).href));
  for (const ext of ['svg', 'png']) {
    const url = refs.find((u) => new URL(u).pathname.endsWith(`.${ext}`));
    assert.ok(url, `${here} links or shows no .${ext} file`);
    const width = await page.evaluate((src) => new Promise((resolve) => {
      const img = new Image();
      img.onload = () => resolve(img.naturalWidth);
      img.onerror = () => resolve(0);
      img.src = src;
    }), url);
    assert.ok(width > 0, `${here}: ${url} does not load as an image`);
  }
  const shown = await page.locator('main img').evaluateAll((imgs) =>
    imgs.filter((i) => !i.complete || i.naturalWidth === 0).map((i) => i.src));
  assert.deepEqual(shown, [], `${here}: images that did not load`);
  const csvLink = page.locator('main a[href$=".csv"]').first();
  assert.ok(await csvLink.count(), `${here} has no CSV link`);
  const href = await csvLink.evaluate((a) => a.href);
  const resp = await page.request.get(href);
  assert.equal(resp.status(), 200, `${here}: ${href}`);
  assert.match(resp.headers()['content-type'] || '', /^text\/csv/, `${here}: ${href}`);
  const body = await resp.text();
  assert.ok(body.split('\n').length >= 2 && body.split('\n')[0].includes(','), `${here}: ${href} is not a CSV table`);
  if (await csvLink.getAttribute('download') !== null) {
    const [download] = await Promise.all([page.waitForEvent('download'), csvLink.click()]);
    assert.match(download.suggestedFilename(), /\.csv$/);
  }
}

test('postmortems -> a postmortem -> its open actions', async () => {
  const page = await newPage(browser.context);
  await page.goto(server.url());
  await follow(page, /\/postmortems\/$/, 'the postmortems index', 'nav');
  const index = page.url();
  const pms = (await page.locator('main a[href]').evaluateAll((as) => as.map((a) => a.href)))
    .filter((h) => /\/postmortems\/[^/]+\/$/.test(new URL(h).pathname));
  assert.ok(pms.length > 0, `${where(page)} lists no postmortem`);
  let opened = null;
  for (const pm of [...new Set(pms)]) {
    await page.goto(pm);
    const actionLinks = await page.locator('main a[href*="actions/#"]').count();
    if (actionLinks > 0) { opened = pm; break; }
  }
  assert.ok(opened, `no postmortem listed on ${index} links to an action on actions/`);
  await shoot(page, 'postmortem');
  const link = page.locator('main a[href*="actions/#"]').first();
  const id = decodeURIComponent(new URL(await link.evaluate((a) => a.href)).hash.slice(1));
  const actionHref = await link.evaluate((a) => a.href);
  await Promise.all([page.waitForURL(actionHref), link.click()]);
  assert.match(where(page), /\/actions\/#/);
  const target = page.locator(`[id="${id}"]`);
  assert.equal(await target.count(), 1, `actions/ has no element with id="${id}" (linked from ${opened})`);
  assert.ok(await target.isVisible(), `actions/: #${id} is hidden`);
  noProblems(page);
  await page.close();
});

async function runSearch(page, startUrl, q) {
  await page.goto(`${startUrl}?q=${encodeURIComponent(q)}`);
  const results = page.locator(QUERIES.resultsSelector);
  await results.first().waitFor({ timeout: 10000 }).catch(() => {});
  return results.evaluateAll((as) => as.map((a) => a.getAttribute('href') + ' ' + a.href));
}

for (const [label, start] of [
  ['http://127.0.0.1', () => server.url('search/')],
  ['file://', () => pathToFileURL(path.join(SITE_DIR, 'search', 'index.html')).href],
]) {
  test(`searches return the named records first (from ${label})`, async () => {
    assert.ok(fs.existsSync(path.join(SITE_DIR, 'search', 'index.html')), `no search page: ${SITE_DIR}/search/index.html`);
    const page = await newPage(browser.context);
    const failures = [];
    for (const { q, first, top = 1 } of QUERIES.queries) {
      const hrefs = await runSearch(page, start(), q);
      const rank = hrefs.findIndex((h) => h.toLowerCase().includes(first.toLowerCase()));
      if (rank < 0 || rank >= top) {
        failures.push(`search/ "${q}": expected ${first} in the first ${top}, got ${hrefs.slice(0, 3).map((h) => h.split(' ')[0]).join(', ') || 'no results'}`);
      } else if (label === 'file://' && !/^(https?|mailto):/.test(hrefs[rank].split(' ').pop())) {
        // Opened from disk, a result link into the site must lead to a file that exists
        // (a ticket's links to its tracker).
        const target = new URL(hrefs[rank].split(' ').pop());
        const file = fileURLToPath(target);
        const exists = fs.existsSync(file) && (!fs.statSync(file).isDirectory() || fs.existsSync(path.join(file, 'index.html')));
        if (target.protocol !== 'file:' || !exists) failures.push(`search/ "${q}" (file://): result link ${target.href} leads to no file`);
      }
    }
    assert.deepEqual(failures, []);
    noProblems(page);
    await page.close();
  });
}

test('keyboard only: Tab reaches the search box, `/` focuses it, Enter and Tab reach a result', async () => {
  const page = await newPage(browser.context);
  await page.goto(server.url());
  const isSearchFocused = () => page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, QUERIES.inputSelector);
  let reached = false;
  for (let i = 0; i < 40 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await isSearchFocused();
  }
  assert.ok(reached, 'overview: 40 presses of Tab never reached the search box');
  await page.goto(server.url());
  await page.locator('body').press('/');
  assert.ok(await isSearchFocused(), 'overview: `/` did not focus the search box');
  const { q, first } = QUERIES.queries[0];
  await page.keyboard.type(q);
  await Promise.all([page.waitForURL(/\/search\//), page.keyboard.press('Enter')]);
  const results = page.locator(QUERIES.resultsSelector);
  await results.first().waitFor({ timeout: 10000 });
  let onResult = false;
  for (let i = 0; i < 40 && !onResult; i++) {
    await page.keyboard.press('Tab');
    onResult = await page.evaluate((sel) => !!document.activeElement?.matches(sel), QUERIES.resultsSelector);
  }
  assert.ok(onResult, `search/?q=${q}: Tab never reached a result`);
  const href = await page.evaluate(() => document.activeElement.href);
  await Promise.all([
    page.waitForURL(href, { timeout: 5000 }).catch(() => {}),
    page.keyboard.press('Enter'),
  ]);
  assert.equal(page.url(), href, 'Enter on a result did not open it');
  assert.ok(href.toLowerCase().includes(first.toLowerCase()), `first result reached by Tab was ${href}, expected ${first}`);
  noProblems(page);
  await page.close();
});
