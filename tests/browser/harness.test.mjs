// The harness itself must be able to fail: each mistake in tests/browser/fixtures/ is
// reported with the page it is on. Runs without a built site.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { REPO, startServer, launch, auditPage, newPage } from './lib/harness.mjs';
import { validate, describe } from './lib/vnu.mjs';

const FIXTURES = path.join(REPO, 'tests/browser/fixtures');
let server;
let browser;

before(async () => {
  server = await startServer(FIXTURES);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('a clean page passes axe in light and dark with no console errors', async () => {
  const problems = await auditPage(browser.context, server.url('good/'), 'good/index.html');
  assert.deepEqual(problems, []);
});

test('an image without alt text is reported with the page name', async () => {
  const problems = await auditPage(browser.context, server.url('bad/missing-alt.html'), 'bad/missing-alt.html');
  assert.ok(
    problems.some((p) => p.startsWith('bad/missing-alt.html [light]: image-alt')),
    problems.join('\n'),
  );
  assert.ok(problems.some((p) => p.startsWith('bad/missing-alt.html [dark]: image-alt')), problems.join('\n'));
});

test('low contrast only in the dark colour scheme is reported for dark only', async () => {
  const problems = await auditPage(browser.context, server.url('bad/dark-contrast.html'), 'bad/dark-contrast.html');
  assert.ok(problems.some((p) => p.startsWith('bad/dark-contrast.html [dark]: color-contrast')), problems.join('\n'));
  assert.ok(!problems.some((p) => p.includes('[light]')), problems.join('\n'));
});

test('a request that leaves 127.0.0.1 is blocked and recorded with its page', async () => {
  const before = browser.external.length;
  const page = await newPage(browser.context);
  await page.goto(server.url('bad/external.html'));
  await page.close();
  const seen = browser.external.slice(before);
  assert.equal(seen.length, 1, JSON.stringify(seen));
  assert.match(seen[0].url, /^https:\/\/fonts\.example\.com\//);
  assert.match(seen[0].page, /bad\/external\.html$/);
  browser.external.length = before; // this one was on purpose
});

test('an uncaught script error is reported with the page name', async () => {
  const problems = await auditPage(browser.context, server.url('bad/console-error.html'), 'bad/console-error.html');
  assert.ok(problems.some((p) => p.startsWith('bad/console-error.html: exception:')), problems.join('\n'));
});

test('the server answers a missing file with 404', async () => {
  const r = await fetch(server.url('nope/'));
  assert.equal(r.status, 404);
});

test('the Nu HTML Checker reports invalid markup with the page and line', () => {
  const errors = validate(path.join(FIXTURES, 'invalid'));
  assert.ok(errors.length >= 1, 'no error found');
  assert.ok(errors.every((e) => e.page === 'index.html'), describe(errors));
  assert.ok(errors.some((e) => e.line === 7 || e.line === 8), describe(errors));
  assert.deepEqual(validate(path.join(FIXTURES, 'good')), []);
});
