/**
 * report.html in a real browser driven by playwright-core: CHROME_PATH, else a system Chromium or
 * Chrome, else the @sparticuz/chromium devDependency (test/helpers/browser.ts). When no browser can be
 * found or launched the test fails with one line: it is never skipped.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../src/report/html.js';
import type { Lang } from '../src/report/i18n/index.js';
import { findBrowser } from './helpers/browser.js';
import { tempDir } from './helpers/temp.js';
import { HOSTILE, makeFixture } from './helpers/report-fixture.js';

const OUT = resolve('test-output');
const { report, builder } = makeFixture();

/** What a page did while loading: anything here is a failure. */
interface Trace {
  console: string[];
  requests: string[];
  dialogs: string[];
  errors: string[];
}

describe('report.html in Chromium', () => {
  let browser: Browser;
  let browserTmp: string | undefined;
  const files: Record<string, string> = {};

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    for (const [name, lang, unmasked] of [['en', 'en', true], ['uk', 'uk', false], ['it', 'it', false]] as [string, Lang, boolean][]) {
      const file = join(OUT, `report-${name}.html`);
      writeFileSync(file, renderHtml(report, { builder, lang, unmasked }));
      files[name] = pathToFileURL(file).href;
    }
    const found = await findBrowser();
    // Chromium leaves a .org.chromium.Chromium.* folder in its TMPDIR when it is shut down: give it
    // a folder of its own, removed after it has closed.
    browserTmp = tempDir('kwiga-chromium-');
    const env = { ...process.env, TMPDIR: browserTmp } as Record<string, string>;
    browser = await chromium.launch({ executablePath: found.executablePath, args: found.args, env }).catch((error: unknown) => {
      throw new Error(`Cannot launch ${found.executablePath} (from ${found.source}): ${(error as Error).message.split('\n')[0]}`);
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (browserTmp) rmSync(browserTmp, { recursive: true, force: true });
  });

  async function open(name: string, width = 1100, media: 'screen' | 'print' = 'screen'): Promise<{ page: Page; trace: Trace }> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const trace: Trace = { console: [], requests: [], dialogs: [], errors: [] };
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') trace.console.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => trace.errors.push(String(e)));
    page.on('dialog', (d) => {
      trace.dialogs.push(d.message());
      void d.dismiss();
    });
    // Every request but the page itself is recorded and refused.
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url === files[name]) return route.continue();
      trace.requests.push(url);
      return route.abort();
    });
    page.on('request', (r) => {
      if (r.url() !== files[name] && !trace.requests.includes(r.url())) trace.requests.push(r.url());
    });
    await page.emulateMedia({ media });
    await page.goto(files[name]!, { waitUntil: 'load' });
    // The first frames are painted (a busy machine's compositor can lag behind 'load'): a
    // screenshot taken before then fails with "Unable to capture screenshot".
    await page.evaluate('new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))');
    return { page, trace };
  }

  it.each(['en', 'uk', 'it'])('%s: no console errors, no network, no dialogs, nothing ran', async (name) => {
    const { page, trace } = await open(name);
    await page.mouse.move(200, 200);
    // Two animation frames: hover styles applied and anything the move could trigger has run.
    await page.evaluate('new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))');
    expect(trace).toEqual({ console: [], requests: [], dialogs: [], errors: [] });
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    expect(await page.locator('script, img, iframe, object, embed, link').count()).toBe(0);
    expect(await page.getAttribute('html', 'lang')).toBe(name);
    await page.close();
  });

  it('hostile input values show as text', async () => {
    const { page } = await open('en');
    await expect.poll(() => page.locator('#input').innerText()).toContain(HOSTILE.column);
    expect(await page.locator('header').innerText()).toContain(HOSTILE.file);
    expect(await page.locator('#domains table').first().innerText()).toContain(HOSTILE.domain);
    expect(await page.locator('#suppression').innerText()).toContain(HOSTILE.list);
    expect(await page.locator('#examples').innerText()).toContain(HOSTILE.img);
    expect(await page.locator('#examples').innerText()).toContain(HOSTILE.script);
    expect(await page.locator('svg text', { hasText: 'svg onload' }).count()).toBe(2);
    await page.close();
  });

  it('charts and tables carry the right numbers', async () => {
    const { page } = await open('en');
    const charts = page.locator('svg[role="img"]');
    expect(await charts.count()).toBe(3);
    for (let i = 0; i < 3; i++) {
      const labelledBy = (await charts.nth(i).getAttribute('aria-labelledby'))!.split(' ');
      for (const id of labelledBy) expect((await page.locator(`[id="${id}"]`).textContent())!.length).toBeGreaterThan(5);
    }
    expect(await page.locator('#health-d').textContent()).toBe('Clean: 1 650 (94.8%); Review: 46 (2.6%); Rejected: 44 (2.5%)');
    expect(await page.locator('svg.donut text.donut-figure').textContent()).toBe('94.8%');
    const health = await page.locator('table.health tbody tr').allInnerTexts();
    expect(health.map((r) => r.replace(/\s+/g, ' ').trim())).toEqual([
      'Clean Ready to import (clean.csv) 1 650 94.8%',
      'Review Worth a look before importing (review.csv) 46 2.6%',
      'Rejected Would bounce or harm your sending (rejected.csv) 44 2.5%',
      'Rows checked 1 740',
    ]);
    const firstDomain = await page.locator('#domains table.domains').first().locator('tbody tr').first().innerText();
    expect(firstDomain.replace(/\s+/g, ' ').trim()).toBe('gmail.com 1 208 1 200 0 8');
    const typo = await page.locator('table.typos tbody tr').first().innerText();
    expect(typo.replace(/\s+/g, ' ').trim()).toBe('gmial.com → gmail.com ×37');
    const reasons = await page.locator('table.reasons tbody tr').count();
    expect(reasons).toBe(7);
    // Every header cell of the data tables is scoped.
    expect(await page.locator('th:not([scope])').count()).toBe(0);
    // The donut's three arcs: clean, review, rejected.
    expect(await page.locator('svg.donut circle[stroke-dasharray]').count()).toBe(3);
    await page.close();
  });

  it('fits a 390 px phone screen (no sideways scrolling) and writes a screenshot', async () => {
    const { page, trace } = await open('uk', 390);
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(OUT, 'report-phone-390.png'), fullPage: true });
    expect(trace.console).toEqual([]);
    await page.close();
  });

  it('prints: print media screenshot and an A4 PDF', async () => {
    const { page } = await open('it', 800, 'print');
    expect(await page.evaluate<string>("getComputedStyle(document.querySelector('#examples')).breakBefore")).toBe('page');
    // The first screen only: a full-page capture of the long print layout is what a busy headless
    // shell sometimes refuses ("Unable to capture screenshot"), and the PDF below holds every page.
    await page.screenshot({ path: join(OUT, 'report-print.png') });
    const pdf = await page.pdf({ format: 'A4' });
    writeFileSync(join(OUT, 'report-print.pdf'), pdf);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.close();
  });
});
