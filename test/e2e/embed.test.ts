/// <reference lib="dom" />
/**
 * The one-line embed on partner pages, in real Chromium. The worker runs as `npm start` runs it, in a copy of
 * the project whose content/ also holds one English article, at http://localhost:<port>. Partner pages come
 * from another site, http://127.0.0.1:<port>, and paste the snippet the way a partner would.
 *
 * `npm start` builds the embed it serves as /embed.js from the copy's widget/.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page, chromium } from 'playwright';
import * as v from 'valibot';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseArticleFile } from '../../content/article-file.ts';
import { type Article, ArticleInput, newestFirst } from '../../content/schema.ts';
import { unstable_readConfig } from 'wrangler';
import { HOSTILE_CSS } from '../../worker/pages/hostile-css.ts';
import { MESSAGES } from '../../widget/messages.ts';
import { PREVIEW_ENTRIES, type Preview, ROOT, type StaticSite, copyProject, freePort, startPreview, startStaticSite } from './support.ts';

/** An English article in a section of its own, written as an editor writes one (`dir` follows `lang`). */
const ENGLISH_SLUG = 'desert-locust-swarms-reach-the-red-sea-coast';
const ENGLISH_SECTION = 'world';
const ENGLISH_ARTICLE = `---
slug: ${ENGLISH_SLUG}
title: Desert locust swarms reach the Red Sea coast
dek: Farmers in three countries race to protect the winter harvest
lang: en
section: ${ENGLISH_SECTION}
publishedAt: 2026-11-24T08:00:00Z
url: https://khabar.example/articles/${ENGLISH_SLUG}
source: Khabar
---

Swarms of desert locusts crossed into coastal farmland overnight, officials said on Tuesday.

Spraying teams have been sent to the worst-hit districts.
`;

/**
 * The README's pictures. Every run takes them (and checks what they show); only `UPDATE_SCREENSHOTS=1 npm test`
 * writes them into docs/, so a test run never leaves tracked files changed (fonts differ between machines).
 */
const SCREENSHOTS = join(ROOT, process.env['UPDATE_SCREENSHOTS'] === '1' ? 'docs/screenshots' : '.build/screenshots');

let project: string | undefined;
let worker: Preview | undefined;
let partner: StaticSite | undefined;
let browser: Browser | undefined;
/** The worker as a partner's browser names it: another site than the partner's 127.0.0.1. */
let api: string;
/** Every article of the copy's content/, parsed with the project's own schema, newest first. */
let articles: Article[];

beforeAll(async () => {
  project = await copyProject(PREVIEW_ENTRIES, 'khabar-embed-');
  await writeFile(join(project, 'content/articles', `${ENGLISH_SLUG}.md`), ENGLISH_ARTICLE);
  const port = await freePort();
  articles = await readArticles(join(project, 'content/articles'), `http://localhost:${port}`);
  [worker, partner, browser] = await Promise.all([
    startPreview(project, port),
    // Another site than the worker's: partner pages on 127.0.0.1, with their own (hostile) stylesheet.
    startStaticSite({ '/hostile.css': { contentType: 'text/css; charset=utf-8', body: HOSTILE_CSS } }),
    chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] }),
  ]);
  api = `http://localhost:${port}`;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await partner?.close();
  await worker?.stop();
  if (project) await rm(project, { recursive: true, force: true });
});

const visits: Visit[] = [];
afterEach(async () => {
  await Promise.all(visits.splice(0).map((visit) => visit.context.close()));
});

describe('the embed snippet on a partner page', () => {
  it('renders readable, clickable headlines under a strict CSP and hostile global CSS', async () => {
    const expected = feed(6);
    const csp = `default-src 'none'; script-src ${api}; connect-src ${api}; style-src 'self'; img-src 'self'`;
    const url = partner!.serve(
      partnerHtml(`<main><p class="partner">Partner copy before the carousel.</p>
        ${snippet({ limit: 6, theme: 'light' })}
        <p class="partner">Partner copy after it.</p></main>`, { head: '<link rel="stylesheet" href="/hostile.css">' }),
      { 'Content-Security-Policy': csp },
    );
    const visit = await open();
    const opened: string[] = [];
    // The preview points article links at its own /articles pages; here the article "opens" as a stub page.
    await visit.context.route(`${api}/articles/**`, async (route) => {
      if (route.request().isNavigationRequest()) opened.push(route.request().url());
      await route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>article</title>' });
    });

    const response = await visit.page.goto(url);
    const carousel = visit.page.locator('khabar-carousel');
    await ready(visit, carousel);
    const rootFontSize = await visit.page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
    const looks = await carousel.locator('[part~=title]').evaluateAll(readLooks);
    const direction = await carousel.locator('[part~=base]').evaluate((base) => getComputedStyle(base).direction);

    expect(response!.headers()['content-security-policy'], 'the page is served under the strict CSP').toBe(csp);
    expect(rootFontSize, 'the hostile stylesheet is in force').toBe('10px');
    expect(looks.map((title) => title.text)).toEqual(expected.map((article) => article.title));
    for (const title of looks) {
      const where = `title ${JSON.stringify(title.text)}`;
      expect(title.visible, `${where} is visible`).toBe(true);
      expect(title.width * title.height, `${where} has a box`).toBeGreaterThan(0);
      expect(title.fontSize, `${where} font size (px)`).toBeGreaterThanOrEqual(14);
      // Inherited from the page's body unless the widget resets it; spacing letters apart breaks Arabic joining.
      expect(title.letterSpacing, `${where} letter-spacing`).toBe('normal');
      expect(contrast(title.color, title.background), `${where} contrast of ${title.color} on ${title.background}`).toBeGreaterThanOrEqual(4.5);
    }
    expect(direction, 'the feed is Arabic; html { direction: ltr } must not flip it').toBe('rtl');

    await carousel.locator('a[part~=card]').first().click();

    await expect.poll(() => opened).toEqual([expected[0]!.url]);
    expect(visit.events.filter((event) => event.type === 'khabar-select').map((event) => event.detail)).toEqual([
      { slug: expected[0]!.slug, url: expected[0]!.url, index: 0 },
    ]);
    expectNoProblems(visit);
  });

  it('fetches nothing until the carousel comes within about 200 px of the viewport', async () => {
    const url = partner!.serve(
      partnerHtml(`<main><div style="height: 3000px">A long article before the carousel.</div>${snippet({ limit: 6 })}</main>`),
    );
    const visit = await open({ viewport: { width: 1000, height: 800 } });
    const asked: string[] = [];
    visit.page.on('request', (request) => {
      if (isHeadlinesRequest(new URL(request.url()))) asked.push(request.url());
    });

    await visit.page.goto(url);
    const carousel = visit.page.locator('khabar-carousel');
    await expect.poll(() => carousel.getAttribute('state')).toBe('loading');
    await visit.page.evaluate(afterIntersectionCheck);
    const whileFar = asked.length;
    // Its top 100 px below the fold: still off-screen, but near.
    await visit.page.evaluate(() => window.scrollTo(0, document.querySelector('khabar-carousel')!.getBoundingClientRect().top + window.scrollY - innerHeight - 100));
    await ready(visit, carousel);

    expect(whileFar).toBe(0);
    expect(await carousel.evaluate((element) => element.getBoundingClientRect().top - innerHeight)).toBeGreaterThan(0);
    expect(asked).toHaveLength(1);
    expectNoProblems(visit);
  });

  it('does not shift the page when headlines replace the skeleton', async () => {
    const url = partner!.serve(
      partnerHtml(`<main><h1>Partner front page</h1><p>Intro paragraph above the carousel.</p>
        ${snippet({ limit: 6, theme: 'light', section: 'news' })}
        <p id="after">This paragraph follows the carousel and must not move once the carousel is on the page.</p>
        <p>${'More partner copy. '.repeat(40)}</p></main>`),
    );
    const visit = await open({ viewport: { width: 1280, height: 900 } });
    // The list is held until the skeleton has been measured, so the swap happens well after it.
    let releaseList!: () => void;
    const listHeld = new Promise<void>((resolve) => (releaseList = resolve));
    await visit.context.route(isHeadlinesRequest, async (route) => {
      await listHeld;
      await route.continue();
    });
    await visit.context.addInitScript(recordLayout);

    await visit.page.goto(url, { waitUntil: 'domcontentloaded' });
    await expect.poll(() => visit.page.evaluate(() => window.__layout?.skeleton !== undefined)).toBe(true);
    releaseList();
    const carousel = visit.page.locator('khabar-carousel');
    await ready(visit, carousel);
    const layout = await visit.page.evaluate(readLayout);

    expect(layout.skeleton?.state, 'state two frames after the element was inserted').toBe('loading');
    expect(layout.skeleton!.skeletons, 'skeleton cards two frames after the element was inserted').toBeGreaterThan(0);
    expect(layout.readyHeight, 'height with headlines = height of the skeleton').toBeCloseTo(layout.skeleton!.height, 0);
    expect(layout.shiftsAfterSkeleton, 'layout shifts at or after the carousel once the skeleton is up').toEqual([]);
    expectNoProblems(visit);
  });

  it('loads on a cross-origin isolated page (COEP require-corp, COOP same-origin)', async () => {
    const url = partner!.serve(partnerHtml(`<main>${snippet({ limit: 6 })}</main>`), {
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cross-Origin-Opener-Policy': 'same-origin',
    });
    const visit = await open();

    await visit.page.goto(url);
    const carousel = visit.page.locator('khabar-carousel');
    await ready(visit, carousel);

    expect(await visit.page.evaluate(() => crossOriginIsolated)).toBe(true);
    expect(await titles(carousel)).toEqual(feed(6).map((article) => article.title));
    expectNoProblems(visit);
  });

  it('gives each pasted snippet and each hand-placed element its own carousel, where it stands', async () => {
    const url = partner!.serve(
      partnerHtml(`<main>
        <section id="first">${snippet({ limit: 3, theme: 'dark' })}</section>
        <section id="by-hand"><khabar-carousel limit="2"></khabar-carousel></section>
        <section id="second">${snippet({ limit: 1, theme: 'light' })}</section>
      </main>`),
    );
    const visit = await open({ viewport: { width: 1280, height: 1600 } });

    await visit.page.goto(url);
    const carousels = visit.page.locator('khabar-carousel');
    await expect.poll(() => carousels.count()).toBe(3);
    for (const carousel of await carousels.all()) await ready(visit, carousel);
    const placed = await carousels.evaluateAll((elements) =>
      elements.map((element) => ({
        section: element.parentElement?.id,
        besideIt: [...(element.parentElement?.children ?? [])].map((sibling) => sibling.localName).sort(),
        theme: element.shadowRoot?.querySelector('[part~=base]')?.classList.value.split(' ').find((name) => ['light', 'dark', 'auto'].includes(name)),
        titles: [...(element.shadowRoot?.querySelectorAll('[part~=title]') ?? [])].map((title) => title.textContent?.trim()),
      })),
    );

    const titlesOf = (limit: number) => feed(limit).map((article) => article.title);
    expect(placed).toEqual([
      // Each pasted tag made way for its carousel, in its place.
      { section: 'first', besideIt: ['khabar-carousel'], theme: 'dark', titles: titlesOf(3) },
      { section: 'by-hand', besideIt: ['khabar-carousel'], theme: 'auto', titles: titlesOf(2) },
      { section: 'second', besideIt: ['khabar-carousel'], theme: 'light', titles: titlesOf(1) },
    ]);
    expectNoProblems(visit);
  });

  it('runs the versioned script under its published SRI hash, and not at all under a wrong one', async () => {
    const manifest = (await (await fetch(`${api}/embed/manifest.json`)).json()) as { version: string; src: string; integrity: string };
    const versioned = await fetch(manifest.src);
    const digest = `sha384-${createHash('sha384').update(Buffer.from(await versioned.arrayBuffer())).digest('base64')}`;
    const wrong = `sha384-${createHash('sha384').update('not the embed').digest('base64')}`;
    const pinned = (integrity: string) =>
      partnerHtml(`<main><p id="partner">Partner copy.</p>
        <script async src="${manifest.src}" integrity="${integrity}" crossorigin="anonymous" data-limit="2"></script>
        <p id="after">Partner copy after the snippet.</p></main>`);
    const good = await open();
    const tampered = await open();
    const headlineRequests: string[] = [];
    tampered.page.on('request', (request) => {
      if (isHeadlinesRequest(new URL(request.url()))) headlineRequests.push(request.url());
    });

    await good.page.goto(partner!.serve(pinned(manifest.integrity)));
    await ready(good, good.page.locator('khabar-carousel'));
    await tampered.page.goto(partner!.serve(pinned(wrong))); // "load" waits for the async script to run or fail
    const leftBehind = await tampered.page.evaluate(() => ({
      defined: customElements.get('khabar-carousel') !== undefined,
      elements: document.querySelectorAll('khabar-carousel').length,
      after: document.getElementById('after')?.textContent,
    }));

    expect(manifest.src).toBe(`${api}/embed/${manifest.version}.js`);
    expect(manifest.integrity).toBe(digest);
    expect(versioned.headers.get('access-control-allow-origin')).toBe('*');
    expect(await titles(good.page.locator('khabar-carousel'))).toEqual(feed(2).map((article) => article.title));
    expectNoProblems(good);
    expect(leftBehind).toEqual({ defined: false, elements: 0, after: 'Partner copy after the snippet.' });
    expect(headlineRequests).toEqual([]);
    expect(tampered.pageErrors).toEqual([]);
    expect(tampered.consoleErrors).toHaveLength(1);
    expect(tampered.consoleErrors[0]).toMatch(/integrity/i);
  });

  it('shows an error with a retry button when the API fails, and recovers on retry', async () => {
    const url = partner!.serve(partnerHtml(`<main>${snippet({ limit: 6 })}</main>`));
    const visit = await open();
    let api503 = true;
    let apiDown = false;
    await visit.context.route(isHeadlinesRequest, async (route) => {
      if (apiDown) return route.abort('connectionrefused');
      if (api503) {
        return route.fulfill({
          status: 503,
          headers: { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'application/problem+json', 'Retry-After': '30' },
          body: JSON.stringify({ type: 'https://khabar.example/problems/unavailable', title: 'Unavailable', status: 503 }),
        });
      }
      return route.continue();
    });
    const carousel = visit.page.locator('khabar-carousel');
    const retry = carousel.locator('[part~=retry]');
    const errors = () => visit.events.filter((event) => event.type === 'khabar-error').map((event) => event.detail);

    await visit.page.goto(url);
    await expect.poll(() => carousel.getAttribute('state')).toBe('error');
    const shown = { retry: await retry.textContent(), status: await carousel.locator('[part~=status]').textContent() };
    await expect.poll(errors).toEqual([{ status: 503 }]);
    expect(shown).toEqual({ retry: MESSAGES.ar.retry, status: MESSAGES.ar.error });
    await expect.poll(() => retry.isVisible()).toBe(true);

    [api503, apiDown] = [false, true];
    await retry.click();
    await expect.poll(errors).toEqual([{ status: 503 }, { status: null }]);
    await expect.poll(() => carousel.getAttribute('state')).toBe('error');

    apiDown = false;
    await retry.click();
    await ready(visit, carousel);
    expect(await titles(carousel)).toEqual(feed(6).map((article) => article.title));

    // The browser itself logs each failed request ("Failed to load resource"); the widget must add nothing.
    expect(visit.pageErrors).toEqual([]);
    expect(visit.consoleErrors.filter((text) => !text.startsWith('Failed to load resource'))).toEqual([]);
  });
});

describe('screenshots for the README (docs/screenshots/)', () => {
  interface Shot {
    name: string;
    /** The snippet's options (limit is 6). */
    data: { theme?: string; section: string; lang?: 'en' };
    /** The partner page around it. */
    page: { lang: string; dir: string; background: string; color: string; heading: string };
    context?: BrowserContextOptions;
    expected: { dir: string; lang: 'ar' | 'en'; background?: 'light' | 'dark' };
  }
  const englishPage = { lang: 'en', dir: 'ltr', heading: 'A partner site' };
  const arabicPage = { lang: 'ar', dir: 'rtl', heading: 'صحيفة شريكة' };
  const shots: Shot[] = [
    {
      name: 'light',
      data: { theme: 'light', section: 'news' },
      page: { ...englishPage, background: '#f6f6f4', color: '#222' },
      expected: { dir: 'rtl', lang: 'ar', background: 'light' },
    },
    {
      name: 'dark',
      data: { theme: 'dark', section: 'news' },
      page: { ...englishPage, background: '#121417', color: '#ddd' },
      expected: { dir: 'rtl', lang: 'ar', background: 'dark' },
    },
    {
      name: 'rtl',
      data: { section: 'news' },
      page: { ...arabicPage, background: '#fff', color: '#222' },
      expected: { dir: 'rtl', lang: 'ar' },
    },
    {
      name: 'ltr',
      data: { section: ENGLISH_SECTION, lang: 'en' },
      page: { ...englishPage, background: '#fff', color: '#222' },
      expected: { dir: 'ltr', lang: 'en' },
    },
    {
      name: 'mobile',
      data: { section: 'news' },
      page: { ...arabicPage, background: '#fff', color: '#222' },
      context: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
      expected: { dir: 'rtl', lang: 'ar' },
    },
  ];

  for (const shot of shots) {
    it(`${shot.name}.png`, async () => {
      const { lang, dir, background, color, heading } = shot.page;
      const style = `<style>body{margin:0;padding:16px;background:${background};color:${color};font-family:system-ui,sans-serif}h1{font-size:18px;margin:0 0 16px}</style>`;
      const url = partner!.serve(partnerHtml(`<main><h1>${heading}</h1>${snippet({ limit: 6, ...shot.data })}</main>`, { lang, dir, head: style }));
      const visit = await open({ colorScheme: 'light', ...shot.context });

      await visit.page.goto(url);
      const carousel = visit.page.locator('khabar-carousel');
      await ready(visit, carousel);
      await visit.page.evaluate(() => document.fonts.ready.then(() => undefined));
      const base = carousel.locator('[part~=base]');
      const seen = {
        dir: await base.evaluate((element) => getComputedStyle(element).direction),
        lang: await base.getAttribute('lang'),
        label: await carousel.locator('section[aria-roledescription=carousel]').getAttribute('aria-label'),
        titles: await titles(carousel),
      };
      const [wrapper] = await base.evaluateAll(readLooks);
      await mkdir(SCREENSHOTS, { recursive: true });
      await visit.page.screenshot({ path: join(SCREENSHOTS, `${shot.name}.png`), clip: await around(visit.page, carousel, 16), animations: 'disabled' });

      expect(seen).toEqual({
        dir: shot.expected.dir,
        lang: shot.expected.lang,
        label: MESSAGES[shot.expected.lang].label,
        titles: feed(6, shot.data.section).map((article) => article.title),
      });
      if (shot.expected.background === 'dark') expect(luminance(wrapper!.background), 'dark theme background').toBeLessThan(0.1);
      if (shot.expected.background === 'light') expect(luminance(wrapper!.background), 'light theme background').toBeGreaterThan(0.7);
      expectNoProblems(visit);
    });
  }
});

/** The element's box grown by `margin` on every side, within the viewport: a screenshot with a little page around it. */
async function around(page: Page, element: Locator, margin: number) {
  const box = (await element.boundingBox())!;
  const viewport = page.viewportSize()!;
  const x = Math.max(0, box.x - margin);
  const y = Math.max(0, box.y - margin);
  return { x, y, width: Math.min(viewport.width, box.x + box.width + margin) - x, height: box.y + box.height + margin - y };
}

// ——— the partner's side ———

function partnerHtml(body: string, { head = '', lang = 'en', dir = 'ltr' } = {}): string {
  return `<!doctype html><html lang="${lang}" dir="${dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Partner page</title>${head}</head><body>${body}</body></html>`;
}

/**
 * The one line a partner pastes, without the reserving style the configurator now adds (a tag pasted before it,
 * which must keep working; first-paint.test.ts pastes the configurator's exact line): options as `data-*`.
 */
function snippet(data: Record<string, string | number>): string {
  const options = Object.entries(data).map(([name, value]) => ` data-${name}="${value}"`).join('');
  return `<script async src="${api}/embed.js"${options}></script>`;
}

function isHeadlinesRequest(url: URL): boolean {
  return url.origin === api && url.pathname === '/v1/headlines';
}

// ——— the browser's side ———

interface Visit {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Uncaught exceptions and unhandled rejections. */
  readonly pageErrors: string[];
  readonly consoleErrors: string[];
  /** `securitypolicyviolation` events, as "directive blocked-uri". */
  readonly violations: string[];
  /** The carousel's events (`khabar-load`, `khabar-error`, `khabar-select`) in order, with their detail. */
  readonly events: { type: string; detail: unknown }[];
}

/** A fresh browser context (its own cache) and page, with every error and event it sees recorded. */
async function open(options: BrowserContextOptions = {}): Promise<Visit> {
  const context = await browser!.newContext(options);
  context.setDefaultTimeout(10_000);
  const visit: Visit = { context, page: await context.newPage(), pageErrors: [], consoleErrors: [], violations: [], events: [] };
  visits.push(visit);
  visit.page.on('pageerror', (error) => visit.pageErrors.push(error.message));
  visit.page.on('console', (message) => {
    if (message.type() === 'error') visit.consoleErrors.push(message.text());
  });
  // A binding reaches Node at once, so an event fired just before a navigation is still recorded.
  await context.exposeBinding('__khabarReport', (_source, type: string, detail: unknown) => {
    if (type === 'securitypolicyviolation') visit.violations.push(String(detail));
    else visit.events.push({ type, detail });
  });
  await context.addInitScript(() => {
    for (const type of ['khabar-load', 'khabar-error', 'khabar-select']) {
      addEventListener(type, (event) => window.__khabarReport?.(type, (event as CustomEvent).detail), true);
    }
    addEventListener(
      'securitypolicyviolation',
      (event) => window.__khabarReport?.('securitypolicyviolation', `${event.effectiveDirective} ${event.blockedURI}`),
      true,
    );
  });
  return visit;
}

declare global {
  interface Window {
    __khabarReport?: (type: string, detail: unknown) => void;
    __layout?: { shifts: LayoutShift[]; skeleton?: { at: number; height: number; state: string | null; skeletons: number } };
  }
  /** The Layout Instability API's entry (not in TypeScript's DOM library yet). */
  interface LayoutShift extends PerformanceEntry {
    readonly value: number;
    readonly hadRecentInput: boolean;
    readonly sources: readonly { readonly node: Node | null; readonly previousRect: DOMRectReadOnly; readonly currentRect: DOMRectReadOnly }[];
  }
}

function expectNoProblems(visit: Visit): void {
  expect({ pageErrors: visit.pageErrors, consoleErrors: visit.consoleErrors, violations: visit.violations }).toEqual({
    pageErrors: [],
    consoleErrors: [],
    violations: [],
  });
}

/**
 * Waits until the carousel says it shows headlines. A carousel that never appears or settles on another state
 * fails with that state and what the page reported.
 */
async function ready(visit: Visit, carousel: Locator): Promise<void> {
  const state = async () => ((await carousel.count()) === 0 ? 'not on the page' : await carousel.getAttribute('state'));
  try {
    await expect.poll(state, { timeout: 10_000 }).toBe('ready');
  } catch (error) {
    const seen = { state: await state(), pageErrors: visit.pageErrors, consoleErrors: visit.consoleErrors, violations: visit.violations };
    throw new Error(`the carousel is not ready: ${JSON.stringify(seen)}`, { cause: error });
  }
}

async function titles(carousel: Locator): Promise<string[]> {
  return (await carousel.locator('[part~=title]').allTextContents()).map((text) => text.trim());
}

/**
 * In the page: what a reader gets of each element. Colours are resolved by painting them on a canvas (any
 * CSS colour syntax becomes sRGB bytes); the background is every translucent layer up the composed tree,
 * shadow hosts included, over the white canvas.
 */
function readLooks(elements: Element[]) {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 1;
  const paint = canvas.getContext('2d', { willReadFrequently: true })!;
  const rgba = (color: string): number[] => {
    paint.clearRect(0, 0, 1, 1);
    paint.fillStyle = color;
    paint.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = paint.getImageData(0, 0, 1, 1).data;
    return [r!, g!, b!, a! / 255];
  };
  const over = (top: number[], below: number[]) => [0, 1, 2].map((i) => top[i]! * top[3]! + below[i]! * (1 - top[3]!));
  return elements.map((element) => {
    const layers: number[][] = [];
    for (let node: Element | null = element; node; node = node.parentElement ?? (node.getRootNode() as ShadowRoot).host ?? null) {
      const layer = rgba(getComputedStyle(node).backgroundColor);
      if (layer[3]! > 0) layers.push(layer);
      if (layer[3] === 1) break;
    }
    const background = layers.reduceRight((below, layer) => over(layer, below), [255, 255, 255]);
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    return {
      text: element.textContent?.trim() ?? '',
      visible: element.checkVisibility({ opacityProperty: true, visibilityProperty: true }),
      width: box.width,
      height: box.height,
      fontSize: Number.parseFloat(style.fontSize),
      letterSpacing: style.letterSpacing,
      color: over(rgba(style.color), background).map(Math.round),
      background: background.map(Math.round),
    };
  });
}

/** WCAG 2 relative luminance of an sRGB colour (0–255 channels). */
function luminance(rgb: number[]): number {
  const [r, g, b] = rgb.map((channel) => {
    const c = channel / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio, 1–21. */
function contrast(foreground: number[], background: number[]): number {
  const [light, dark] = [luminance(foreground), luminance(background)].sort((a, b) => b - a) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/**
 * In the page, before any of it loads: every layout shift (buffered), and the carousel's height and state two
 * frames after it is inserted. By then the frame that first laid it out has reported its own shift (the
 * insertion, which an async embed cannot avoid), so later shifts are the skeleton-to-headlines swap.
 */
function recordLayout(): void {
  const layout: NonNullable<Window['__layout']> = { shifts: [] };
  window.__layout = layout;
  new PerformanceObserver((list) => layout.shifts.push(...(list.getEntries() as LayoutShift[]))).observe({ type: 'layout-shift', buffered: true });
  new MutationObserver((_records, observer) => {
    const carousel = document.querySelector('khabar-carousel');
    if (!carousel) return;
    observer.disconnect();
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        layout.skeleton = {
          at: performance.now(),
          height: carousel.getBoundingClientRect().height,
          state: carousel.getAttribute('state'),
          skeletons: carousel.shadowRoot?.querySelectorAll('[part~=skeleton]').length ?? 0,
        };
      }),
    );
  }).observe(document, { childList: true, subtree: true });
}

/**
 * In the page: resolves once an IntersectionObserver on the carousel has reported its first entry. The widget's
 * observer was created earlier, and observers are notified in creation order in the same rendering step, so by
 * then the widget has decided whether the carousel is near enough to fetch.
 */
function afterIntersectionCheck(): Promise<void> {
  return new Promise((resolve) => {
    const observer = new IntersectionObserver(() => {
      observer.disconnect();
      resolve();
    });
    observer.observe(document.querySelector('khabar-carousel')!);
  });
}

/** In the page, once the carousel is ready: its height now, and the shifts since the skeleton that moved it or what follows it. */
async function readLayout() {
  // Two more frames, so the swap's own shift (if any) has been reported.
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  const carousel = document.querySelector('khabar-carousel')!;
  const layout = window.__layout!;
  const box = carousel.getBoundingClientRect();
  const where = ({ node, currentRect: rect }: LayoutShift['sources'][number]): string => {
    const at = `at (${Math.round(rect.x)}, ${Math.round(rect.y)}) ${Math.round(rect.width)}×${Math.round(rect.height)}`;
    if (!node) {
      // Chromium does not expose nodes inside shadow trees: place the source by its rectangle.
      const inside = rect.left >= box.left && rect.right <= box.right && rect.top >= box.top && rect.bottom <= box.bottom;
      return inside ? `inside the carousel's shadow tree ${at}` : `an unexposed node ${at}`;
    }
    if (node === carousel || node.getRootNode() === carousel.shadowRoot) return `the carousel ${at}`;
    const position = carousel.compareDocumentPosition(node);
    const name = `<${node.nodeName.toLowerCase()}${node instanceof Element && node.id ? `#${node.id}` : ''}>`;
    if (position & Node.DOCUMENT_POSITION_CONTAINS) return `its container ${name} ${at}`;
    if (position & Node.DOCUMENT_POSITION_FOLLOWING) return `${name} after it ${at}`;
    return 'before it';
  };
  return {
    skeleton: layout.skeleton,
    readyHeight: carousel.getBoundingClientRect().height,
    shiftsAfterSkeleton: layout.shifts
      .filter((shift) => layout.skeleton && shift.startTime > layout.skeleton.at && !shift.hadRecentInput)
      .map((shift) => ({ value: shift.value, moved: shift.sources.map(where) }))
      .filter((shift) => shift.moved.some((place) => place !== 'before it')),
  };
}

/** Every article of a content/articles folder, parsed by the schema the build uses, newest first. */
/** The articles as the preview serves them: links to the public site point at the preview's own pages. */
async function readArticles(folder: string, previewOrigin: string): Promise<Article[]> {
  const files = (await readdir(folder)).filter((name) => name.endsWith('.md'));
  const parsed = await Promise.all(
    files.map(async (name) => v.parse(ArticleInput, parseArticleFile(await readFile(join(folder, name), 'utf8')))),
  );
  const siteOrigin = unstable_readConfig({ config: join(ROOT, 'wrangler.toml') }).vars['SITE_ORIGIN'] as string;
  for (const article of parsed) {
    if (article.url.startsWith(`${siteOrigin}/`)) article.url = previewOrigin + article.url.slice(siteOrigin.length);
  }
  return parsed.sort(newestFirst);
}

/** What `/v1/headlines?limit=&section=` should list: the newest `limit` articles (of `section`). */
function feed(limit: number, section?: string): Article[] {
  return articles.filter((article) => section === undefined || article.section === section).slice(0, limit);
}
