// The built site (SITE_DIR, default public/) as readers meet it: valid HTML on every page,
// and one page of every template with 0 axe-core WCAG 2.1 AA violations in light and dark
// colour scheme, no console errors and no request leaving 127.0.0.1.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  SITE_DIR, SITE_BASE, startServer, launch, auditPage, pagesByTemplate, urlPath, requireSite,
} from './lib/harness.mjs';
import { validate, describe } from './lib/vnu.mjs';

let server;
let browser;

before(async () => {
  requireSite();
  server = await startServer(SITE_DIR, SITE_BASE);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('every page is valid HTML (Nu HTML Checker, 0 errors)', () => {
  const errors = validate(SITE_DIR);
  assert.equal(errors.length, 0, `Nu HTML Checker errors:\n${describe(errors)}`);
});

test('every template has at least one built page', () => {
  const { found, missing } = pagesByTemplate(SITE_DIR);
  const list = [...found].map(([t, f]) => `  ${t}: ${f}`).join('\n');
  assert.deepEqual(missing, [], `templates without a page in ${SITE_DIR}: ${missing.join(', ')}\nfound:\n${list}`);
});

test('one page of every template: axe WCAG 2.1 AA in light and dark, no console errors, no external requests', async () => {
  const { found } = pagesByTemplate(SITE_DIR);
  const problems = [];
  for (const [template, file] of found) {
    const url = template === '404' ? server.url('no-such-page/') : server.url(urlPath(file));
    const name = template === '404' ? '404.html' : file;
    problems.push(...(await auditPage(browser.context, url, name)));
  }
  for (const e of browser.external) problems.push(`${e.page}: request left 127.0.0.1: ${e.url}`);
  assert.equal(problems.length, 0, `${problems.length} problems:\n${problems.join('\n')}`);
});
