// Shared pieces of the browser checks: a static server on 127.0.0.1, headless Debian
// Chromium through playwright-core with every non-local request blocked and recorded,
// console-error capture, axe-core injected by hand, and discovery of one page per template.
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** The built site under test: SITE_DIR (default public/), served at SITE_BASE (default /). */
export const SITE_DIR = path.resolve(REPO, process.env.SITE_DIR || 'public');
export const SITE_BASE = normaliseBase(process.env.SITE_BASE || '/');
export const SCREENSHOTS = path.join(REPO, 'target', 'screenshots');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

function normaliseBase(b) {
  let s = b.startsWith('/') ? b : `/${b}`;
  if (!s.endsWith('/')) s += '/';
  return s;
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/**
 * Serves `root` at http://127.0.0.1:<random port><base>, like a static pages host:
 * a directory answers with its index.html, a missing file with 404.html and status 404.
 */
export async function startServer(root, base = '/') {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    let rel = decodeURIComponent(url.pathname);
    if (!rel.startsWith(base)) return notFound(res, root);
    rel = rel.slice(base.length);
    let file = path.resolve(root, rel);
    if (file !== root && !file.startsWith(root + path.sep)) return notFound(res, root);
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
      if (!url.pathname.endsWith('/')) {
        res.writeHead(301, { Location: `${url.pathname}/${url.search}` });
        return res.end();
      }
      file = path.join(file, 'index.html');
    }
    if (!fs.existsSync(file)) return notFound(res, root);
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    url: (rel = '') => `${origin}${base}${rel}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

function notFound(res, root) {
  const page = path.join(root, '404.html');
  res.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8' });
  if (fs.existsSync(page)) fs.createReadStream(page).pipe(res);
  else res.end('<!doctype html><title>Not found</title><p>Not found');
}

/** True for URLs a page may load: the local server, file://, inline data. */
export function isLocal(u) {
  try {
    const url = new URL(u);
    if (['file:', 'data:', 'blob:', 'about:'].includes(url.protocol)) return true;
    return url.hostname === '127.0.0.1';
  } catch {
    return false;
  }
}

/**
 * Launches Chromium with a new empty profile. Any request not to 127.0.0.1 is aborted
 * and recorded in `external` (with the page that made it) so a test can fail on it.
 */
export async function launch({ viewport = { width: 1280, height: 900 } } = {}) {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsloop-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    acceptDownloads: true,
    bypassCSP: true, // axe-core is injected as an inline script
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const external = [];
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (isLocal(u)) return route.continue();
    const frame = route.request().frame();
    external.push({ url: u, page: frame ? frame.url() : '(no page)' });
    return route.abort('blockedbyclient');
  });
  return {
    context,
    external,
    async close() {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Opens a new tab that records console errors and uncaught exceptions in `page.errors`. */
export async function newPage(context) {
  const page = await context.newPage();
  page.errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const at = msg.location()?.url;
      page.errors.push(`console: ${msg.text()}${at ? ` (${at})` : ''}`);
    }
  });
  page.on('pageerror', (err) => page.errors.push(`exception: ${err.message}`));
  return page;
}

const AXE_SOURCE = fs.readFileSync(path.join(REPO, 'node_modules/axe-core/axe.min.js'), 'utf8');

/** Runs axe-core (WCAG 2.1 A and AA rules) on the page and returns its violations. */
export async function axe(page) {
  const loaded = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!loaded) await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async (tags) => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
    }));
  }, WCAG_TAGS);
}

/** One line per violation and node, starting with the page so a person knows where to look. */
export function describeViolations(pageName, scheme, violations) {
  const out = [];
  for (const v of violations) {
    for (const n of v.nodes) {
      out.push(`${pageName} [${scheme}]: ${v.id} (${v.impact}): ${v.help} at \`${n.target}\`\n    ${(n.summary || '').replace(/\n/g, '\n    ')}`);
    }
  }
  return out;
}

/** Loads `url`, then checks it with axe in light and dark colour scheme. */
export async function auditPage(context, url, pageName) {
  const page = await newPage(context);
  const problems = [];
  try {
    for (const scheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: scheme });
      const resp = await page.goto(url, { waitUntil: 'load' });
      const status = resp ? resp.status() : 0;
      const expected = pageName === '404.html' ? [200, 404] : [200];
      if (resp && !expected.includes(status)) problems.push(`${pageName}: HTTP ${status} for ${url}`);
      const matches = await page.evaluate(
        (s) => window.matchMedia(`(prefers-color-scheme: ${s})`).matches,
        scheme,
      );
      if (!matches) problems.push(`${pageName} [${scheme}]: prefers-color-scheme emulation did not apply`);
      problems.push(...describeViolations(pageName, scheme, await axe(page)));
    }
    // The 404 page is served with status 404, which Chromium logs as a failed load.
    const expectedLog = (e) => pageName === '404.html' && e.startsWith('console: Failed to load resource') && e.endsWith(`(${url})`);
    problems.push(...page.errors.filter((e) => !expectedLog(e)).map((e) => `${pageName}: ${e}`));
  } finally {
    await page.close();
  }
  return problems;
}

/** All files under `dir`, relative with '/' separators, sorted. */
export function listFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(dir, p).split(path.sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * Page templates of the site (DESIGN.md "Output") and how to recognise their files. Every
 * template must have a built page unless marked 'optional' (audited when present).
 */
export const TEMPLATES = [
  ['overview', /^index\.html$/],
  ['themes', /^themes\/index\.html$/],
  ['theme', /^themes\/[^/]+\/index\.html$/],
  ['services', /^services\/index\.html$/, 'optional'],
  ['service', /^services\/[^/]+\/index\.html$/],
  ['wins', /^wins\/index\.html$/],
  ['actions', /^actions\/index\.html$/],
  ['postmortems', /^postmortems\/index\.html$/],
  ['postmortem', /^postmortems\/[^/]+\/index\.html$/],
  ['incidents', /^incidents\/index\.html$/],
  ['tickets', /^tickets\/index\.html$/, 'optional'],
  ['report', /^reports\/[^/]+\/index\.html$/],
  ['charts', /^charts\/index\.html$/],
  ['chart', /^charts\/[^/]+\/index\.html$/],
  ['search', /^search\/index\.html$/],
  ['quality', /^quality\/index\.html$/],
  ['404', /^404\.html$/],
];

/**
 * The first built page of each template (sorted by path) and the template names that
 * have no page at all.
 */
export function pagesByTemplate(dir) {
  const files = listFiles(dir).filter((f) => f.endsWith('.html'));
  const found = new Map();
  for (const [name, re] of TEMPLATES) {
    const hit = files.find((f) => re.test(f));
    if (hit) found.set(name, hit);
  }
  const missing = TEMPLATES.filter(([n, , opt]) => opt !== 'optional' && !found.has(n)).map(([n]) => n);
  return { found, missing };
}

/** The URL path of a built file: `themes/dns/index.html` -> `themes/dns/`. */
export function urlPath(rel) {
  return rel.endsWith('index.html') ? rel.slice(0, -'index.html'.length) : rel;
}

export function requireSite() {
  if (!fs.existsSync(path.join(SITE_DIR, 'index.html'))) {
    throw new Error(
      `no built site at ${SITE_DIR} (index.html missing): run \`cargo run --release -- build\` first, or set SITE_DIR`,
    );
  }
}
