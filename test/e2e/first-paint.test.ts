/// <reference lib="dom" />
/**
 * Headlines in the partner's first paint (issue 11), in real Chromium against `npm start`: the worker at
 * http://localhost:<port>, partner pages on another site (127.0.0.1). embed.js is held back until the page has
 * painted, as a slow network would deliver it, and every layout shift is counted by a PerformanceObserver.
 */
import { createHash } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Frame, Locator, Page, Route } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CAROUSEL_HEIGHT_EM, RESERVE_STYLE, iframeFor, snippetFor } from '../../widget/embed-options.ts';
import { MESSAGES } from '../../widget/messages.ts';
import {
  PREVIEW_ENTRIES,
  type Preview,
  ROOT,
  type StaticSite,
  type Watched,
  copyProject,
  freePort,
  launchChromium,
  openWatched,
  problemsOf,
  startPreview,
  startStaticSite,
} from './support.ts';

const SCREENSHOTS = join(ROOT, '.build/screenshots');

let project: string | undefined;
let worker: Preview | undefined;
let partner: StaticSite | undefined;
let browser: Browser | undefined;
/** The worker as a partner's browser names it: another site than the partner's 127.0.0.1. */
let api: string;

/** More headlines than the largest limit here, so every carousel is full (the sample content has two). */
const briefFile = (n: number) => `---
slug: first-paint-brief-${n}
title: خبر قصير رقم ${n} عن العناوين في أول رسم للصفحة
section: news
publishedAt: 2026-11-27T0${n}:00:00Z
url: https://news.example/brief-${n}.html
source: أخبار
---

تفاصيل الخبر رقم ${n}.
`;

beforeAll(async () => {
  project = await copyProject(PREVIEW_ENTRIES, 'khabar-first-paint-');
  for (const n of [1, 2, 3, 4, 5, 6, 7]) await writeFile(join(project, 'content/articles', `first-paint-brief-${n}.md`), briefFile(n));
  const port = await freePort();
  [worker, partner, browser] = await Promise.all([startPreview(project, port), startStaticSite(), launchChromium()]);
  api = `http://localhost:${port}`;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await partner?.close();
  await worker?.stop();
  if (project) await rm(project, { recursive: true, force: true });
});

const opened: Watched[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((watched) => watched.context.close()));
});

/** A strict partner's CSP: the embed's origin for script and data, no inline style unless `style` allows some. */
const strictCsp = (style = '') =>
  `default-src 'none'; script-src ${api}; connect-src ${api}; frame-src ${api}; img-src https:; style-src 'self'${style}`;
const RESERVE_HASH = `'sha256-${createHash('sha256').update(RESERVE_STYLE).digest('base64')}'`;

describe('zero shift: the snippet as the configurator writes it, embed.js arriving after first paint', () => {
  const cases: Array<{ width: number; limit: number; fontSize?: number }> = [];
  for (const width of [320, 375, 768, 1280]) {
    for (const limit of [1, 6]) cases.push({ width, limit });
    cases.push({ width, limit: 6, fontSize: 20 });
  }

  it.each(cases)('at $width px, limit $limit, --khabar-font-size $fontSize: CLS 0 and the reserved height', async ({ width, limit, fontSize }) => {
    const code = snippetFor(api, limit === 6 ? {} : { limit: String(limit) });
    const wrap = (html: string) => (fontSize ? `<div style="--khabar-font-size:${fontSize}px">${html}</div>` : html);
    const visit = await open(width);
    const embed = await holdEmbed(visit.context);

    await visit.page.goto(partner!.serve(partnerPage(wrap(code))), { waitUntil: 'domcontentloaded' });
    await firstPaint(visit.page);
    const reserved = await visit.page.locator('script[src$="/embed.js"]').evaluate((tag) => tag.getBoundingClientRect().height);
    embed.release();
    const carousel = visit.page.locator('khabar-carousel');
    await ready(carousel);
    const height = await carousel.evaluate((element) => element.getBoundingClientRect().height);
    const shifts = await layoutShifts(visit.page);

    expect(embed.held(), 'embed.js was asked for and held back past first paint').toBe(true);
    expect(reserved, 'the pasted tag reserves 14.5 × the carousel\'s font size').toBe(CAROUSEL_HEIGHT_EM * (fontSize ?? 16));
    expect(height, 'the carousel is exactly as high as the reservation').toBeCloseTo(reserved, 1);
    expect(await carousel.locator('[part~=title]').count()).toBe(limit);
    expect(shifts).toEqual({ cls: 0, entries: [] });
    expect(problemsOf(visit)).toEqual({ pageErrors: [], consoleErrors: [], violations: [] });
  });
});

describe('under a CSP without \'unsafe-inline\' styles', () => {
  const WIDTH = 375;

  it('the plain snippet loses its reserving style (a violation) and the page shifts', async () => {
    const visit = await open(WIDTH);
    const embed = await holdEmbed(visit.context);

    await visit.page.goto(partner!.serve(partnerPage(snippetFor(api, {})), { 'Content-Security-Policy': strictCsp() }), { waitUntil: 'domcontentloaded' });
    await firstPaint(visit.page);
    const reserved = await visit.page.locator('script[src$="/embed.js"]').evaluate((tag) => tag.getBoundingClientRect().height);
    embed.release();
    await ready(visit.page.locator('khabar-carousel'));
    const shifts = await layoutShifts(visit.page);

    expect(reserved, 'the style attribute was dropped: the tag takes no room').toBe(0);
    expect(visit.violations).toEqual([expect.stringMatching(/^style-src-attr /)]);
    expect(shifts.cls, 'what follows the carousel moves down when it arrives').toBeGreaterThan(0);
  });

  it('allowing exactly the reserving style (\'unsafe-hashes\' and its hash): CLS 0, no violation', async () => {
    const visit = await open(WIDTH);
    const embed = await holdEmbed(visit.context);
    const csp = strictCsp(` 'unsafe-hashes' ${RESERVE_HASH}`);

    await visit.page.goto(partner!.serve(partnerPage(snippetFor(api, {})), { 'Content-Security-Policy': csp }), { waitUntil: 'domcontentloaded' });
    await firstPaint(visit.page);
    embed.release();
    await ready(visit.page.locator('khabar-carousel'));

    expect(await layoutShifts(visit.page)).toEqual({ cls: 0, entries: [] });
    expect(problemsOf(visit)).toEqual({ pageErrors: [], consoleErrors: [], violations: [] });
  });

  it('the iframe code: CLS 0, no violation, headlines painted in the frame', async () => {
    const visit = await open(WIDTH);

    await visit.page.goto(partner!.serve(partnerPage(iframeFor(api, {})), { 'Content-Security-Policy': strictCsp() }));
    const frame = await frameOf(visit.page, '/frames/carousel');
    await ready(frame.locator('khabar-carousel'));
    const height = await visit.page.locator('iframe').evaluate((element) => element.getBoundingClientRect().height);

    expect(height).toBe(232);
    expect(await frame.locator('khabar-carousel [part~=title]').count()).toBe(6);
    expect(await layoutShifts(visit.page)).toEqual({ cls: 0, entries: [] });
    expect(problemsOf(visit)).toEqual({ pageErrors: [], consoleErrors: [], violations: [] });
  });

  it('a hand-placed <khabar-carousel> with the reserving style, embed.js inside it: CLS 0, no violation', async () => {
    const visit = await open(WIDTH);
    const embed = await holdEmbed(visit.context);
    const csp = strictCsp(` 'unsafe-hashes' ${RESERVE_HASH}`);
    const html = `<khabar-carousel limit="6" style="${RESERVE_STYLE}"><script async src="${api}/embed.js"></script></khabar-carousel>`;

    await visit.page.goto(partner!.serve(partnerPage(html), { 'Content-Security-Policy': csp }), { waitUntil: 'domcontentloaded' });
    await firstPaint(visit.page);
    const reserved = await visit.page.locator('khabar-carousel').evaluate((element) => element.getBoundingClientRect().height);
    embed.release();
    const carousel = visit.page.locator('khabar-carousel');
    await ready(carousel);

    expect(reserved).toBe(232);
    expect(await carousel.count(), 'embed.js inside the element adds no second carousel').toBe(1);
    expect(await carousel.evaluate((element) => element.getBoundingClientRect().height)).toBeCloseTo(232, 1);
    expect(await layoutShifts(visit.page)).toEqual({ cls: 0, entries: [] });
    expect(problemsOf(visit)).toEqual({ pageErrors: [], consoleErrors: [], violations: [] });
  });
});

describe('the fragment (GET /fragments/carousel) included by the partner\'s server', () => {
  async function includedFragment(query: string): Promise<string> {
    const response = await fetch(`${api}/fragments/carousel${query}`, { headers: { Accept: 'text/html' } });
    expect(response.status).toBe(200);
    return response.text();
  }

  it('shows the headlines in the first paint with JavaScript off: titles, links, direction, theme and digits', async () => {
    const list = await headlines(6);
    const fragment = await includedFragment('?theme=dark');
    const visit = await open(375, { javaScriptEnabled: false });

    await visit.page.goto(partner!.serve(partnerPage(fragment)));
    const carousel = visit.page.locator('khabar-carousel');
    const cards = await carousel.locator('a[part~=card]').evaluateAll((links) =>
      links.map((link) => ({ href: (link as HTMLAnchorElement).href, title: link.querySelector('[part~=title]')?.textContent?.trim() })),
    );
    const looks = await carousel.locator('[part~=base]').evaluate((base) => {
      const title = base.querySelector('[part~=title]')!;
      const box = title.getBoundingClientRect();
      return {
        direction: getComputedStyle(base).direction,
        background: getComputedStyle(base).backgroundColor,
        titleVisible: title.checkVisibility({ opacityProperty: true, visibilityProperty: true }) && box.width * box.height > 0,
        height: (base.getRootNode() as ShadowRoot).host.getBoundingClientRect().height,
      };
    });
    const slideLabel = await carousel.locator('[aria-roledescription=slide]').first().getAttribute('aria-label');

    expect(cards).toEqual(list.map((item) => ({ href: item.url, title: item.title })));
    expect(looks.direction).toBe('rtl');
    expect(looks.titleVisible).toBe(true);
    expect(looks.height).toBeCloseTo(232, 1);
    expect(luminance(looks.background), `dark theme background ${looks.background}`).toBeLessThan(0.1);
    expect(slideLabel, 'Arabic-Indic digits').toBe(`١ من ٦`);
    expect(await carousel.getAttribute('state')).toBe('ready');
    expect(await carousel.locator('section[aria-roledescription=carousel]').getAttribute('aria-label')).toBe(MESSAGES.ar.label);
  });

  it('is taken over by embed.js with no request for the list, no shift, and nothing visibly different', async () => {
    const fragment = await includedFragment('?limit=4');
    const visit = await open(1280);
    const embed = await holdEmbed(visit.context);
    const listRequests: string[] = [];
    visit.page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.origin === api && url.pathname === '/v1/headlines') listRequests.push(request.url());
    });

    await visit.page.goto(partner!.serve(partnerPage(fragment)), { waitUntil: 'domcontentloaded' });
    await firstPaint(visit.page);
    const carousel = visit.page.locator('khabar-carousel');
    const titlesBefore = await titles(carousel);
    const before = await carousel.screenshot({ animations: 'disabled', caret: 'hide' });
    embed.release();
    const takenOver = await visit.page.evaluate(async () => {
      await customElements.whenDefined('khabar-carousel');
      const element = document.querySelector('khabar-carousel') as HTMLElement & { updateComplete: Promise<boolean> };
      await element.updateComplete;
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      const root = element.shadowRoot!;
      return { titles: root.querySelectorAll('[part~=title]').length, islands: root.querySelectorAll('script, style').length, carousels: document.querySelectorAll('khabar-carousel').length };
    });
    const after = await carousel.screenshot({ animations: 'disabled', caret: 'hide' });
    // Kept for a look when they differ.
    await mkdir(SCREENSHOTS, { recursive: true });
    await writeFile(join(SCREENSHOTS, 'takeover-before.png'), before);
    await writeFile(join(SCREENSHOTS, 'takeover-after.png'), after);

    expect(embed.held()).toBe(true);
    expect(titlesBefore).toEqual((await headlines(4)).map((item) => item.title));
    expect(takenOver, 'Lit renders the cards once, in place of the server\'s nodes').toEqual({ titles: 4, islands: 0, carousels: 1 });
    expect(await titles(carousel)).toEqual(titlesBefore);
    // Measured: the same pixels but for 24 of one glyph's antialiasing (one letter of one card's source line at
    // 1280 px, max channel difference 43; the markup and text are identical), so the bound is one glyph's cell.
    const difference = await pixelDifference(visit.page, before, after);
    expect(difference.size, 'the carousel keeps its size at the takeover').toBe('same');
    expect(difference.pixels, JSON.stringify(difference)).toBeLessThanOrEqual(64);
    if (difference.box) expect(difference.box.right - difference.box.left < 16 && difference.box.bottom - difference.box.top < 16, JSON.stringify(difference)).toBe(true);
    expect(listRequests, 'the list it was given is not fetched again').toEqual([]);
    expect(await layoutShifts(visit.page)).toEqual({ cls: 0, entries: [] });
    expect(problemsOf(visit)).toEqual({ pageErrors: [], consoleErrors: [], violations: [] });
  });
});

describe('server-painted headlines with JavaScript off', () => {
  it('the iframe code (/frames/carousel) paints its headlines', async () => {
    const list = await headlines(3);
    const visit = await open(768, { javaScriptEnabled: false });

    await visit.page.goto(partner!.serve(partnerPage(iframeFor(api, { limit: '3' }))));
    const frame = await frameOf(visit.page, '/frames/carousel');
    await expect.poll(() => frame.locator('khabar-carousel [part~=title]').count()).toBe(3);

    expect(await titles(frame.locator('khabar-carousel'))).toEqual(list.map((item) => item.title));
    expect(await frame.locator('khabar-carousel [part~=title]').first().isVisible()).toBe(true);
  });

  it('an article page ends with «أحدث العناوين»: the latest other headlines', async () => {
    const latest = await headlines(7);
    const article = latest[0]!;
    const visit = await open(375, { javaScriptEnabled: false });

    await visit.page.goto(`${api}/articles/${article.slug}`);
    const carousel = visit.page.locator('khabar-carousel');
    const placement = await carousel.evaluate((element) => {
      const heading = document.querySelector('article h1');
      return { afterArticle: !!heading && !!(heading.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING), scripts: document.scripts.length };
    });

    expect(await carousel.locator('section[aria-roledescription=carousel]').getAttribute('aria-label')).toBe('أحدث العناوين');
    expect(await titles(carousel)).toEqual(latest.slice(1).map((item) => item.title));
    expect(await carousel.locator('[part~=title]').first().isVisible()).toBe(true);
    expect(placement).toEqual({ afterArticle: true, scripts: 0 });
  });
});

describe('the configurator\'s three embed codes', () => {
  it('shows the chosen code in the code box and runs it in the live frame', async () => {
    const editor = await open(1280);
    await editor.page.goto(`${api}/?limit=3`);
    const live = () => editor.page.frameLocator('#live');
    const box = editor.page.locator('#snippet code');

    await ready(live().locator('khabar-carousel'));
    expect(await box.textContent()).toBe(snippetFor(api, { limit: '3' }));

    await editor.page.check('input[name="code"][value="iframe"]');
    await expect.poll(() => box.textContent()).toBe(iframeFor(api, { limit: '3' }));
    await expect.poll(() => editor.page.locator('#live').getAttribute('src')).toBe(`${api}/preview/embed?code=iframe&limit=3`);
    await ready(live().frameLocator('iframe').locator('khabar-carousel'));
    expect(await titles(live().frameLocator('iframe').locator('khabar-carousel'))).toEqual((await headlines(3)).map((item) => item.title));
    expect(new URL(editor.page.url()).search).toBe('?code=iframe&limit=3');

    await editor.page.check('input[name="code"][value="fragment"]');
    await expect.poll(() => box.textContent()).toBe(`${api}/fragments/carousel?limit=3`);
    await expect.poll(() => editor.page.locator('#live').getAttribute('src')).toBe(`${api}/preview/embed?code=fragment&limit=3`);
    const fragmentCarousel = live().locator('khabar-carousel');
    await ready(fragmentCarousel);
    await expect.poll(() => live().locator('khabar-carousel').evaluate((element) => customElements.get(element.localName) !== undefined)).toBe(true);
    expect(await titles(fragmentCarousel)).toEqual((await headlines(3)).map((item) => item.title));

    await editor.page.check('input[name="code"][value="script"]');
    await expect.poll(() => box.textContent()).toBe(snippetFor(api, { limit: '3' }));
    await expect.poll(() => editor.page.locator('#live').getAttribute('src')).toBe(`${api}/preview/embed?code=script&limit=3`);
    await ready(live().locator('khabar-carousel'));
    expect(problemsOf(editor)).toEqual({ pageErrors: [], consoleErrors: [], violations: [] });
  });
});

// ——— helpers ———

async function open(width: number, options: Parameters<typeof openWatched>[1] = {}): Promise<Watched> {
  const watched = await openWatched(browser!, { viewport: { width, height: 900 }, ...options });
  opened.push(watched);
  if (options.javaScriptEnabled !== false) await watched.context.addInitScript(recordShifts);
  return watched;
}

/** A partner's page: copy above the embed, a paragraph below it that must not move. */
function partnerPage(embed: string): string {
  return `<!doctype html><html lang="en" dir="ltr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Partner</title></head><body><main><h1>Partner front page</h1><p>Intro paragraph above the carousel.</p>${embed}<p id="after">${'Partner copy after the carousel. '.repeat(30)}</p></main></body></html>`;
}

/**
 * Holds every request for embed.js (latest or versioned) until `release()`: the script arrives after the page has
 * painted, as on a slow network. `held()` says whether it was asked for before the release.
 */
async function holdEmbed(context: BrowserContext) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let askedBeforeRelease = false;
  let released = false;
  await context.route(
    (url) => url.origin === api && (url.pathname === '/embed.js' || url.pathname.startsWith('/embed/')),
    async (route: Route) => {
      if (!released) askedBeforeRelease = true;
      await gate;
      await route.continue();
    },
  );
  return {
    release: () => {
      released = true;
      release();
    },
    held: () => askedBeforeRelease,
  };
}

/** Resolves once the page has painted content and two more frames have passed. */
async function firstPaint(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        new PerformanceObserver((list, observer) => {
          if (!list.getEntriesByName('first-contentful-paint').length) return;
          observer.disconnect();
          requestAnimationFrame(() => requestAnimationFrame(() => resolve()));
        }).observe({ type: 'paint', buffered: true });
      }),
  );
}

/** In the page, before anything loads: every layout shift not caused by input, buffered. */
function recordShifts(): void {
  const shifts: Array<{ value: number; at: number }> = [];
  (window as unknown as { __shifts: typeof shifts }).__shifts = shifts;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as Array<PerformanceEntry & { value: number; hadRecentInput: boolean }>) {
      if (!entry.hadRecentInput) shifts.push({ value: entry.value, at: Math.round(entry.startTime) });
    }
  }).observe({ type: 'layout-shift', buffered: true });
}

/** The page's cumulative layout shift so far, two frames after now (so the last frame's shift is reported). */
async function layoutShifts(page: Page): Promise<{ cls: number; entries: Array<{ value: number; at: number }> }> {
  return page.evaluate(async () => {
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const entries = (window as unknown as { __shifts: Array<{ value: number; at: number }> }).__shifts;
    return { cls: entries.reduce((sum, entry) => sum + entry.value, 0), entries };
  });
}

async function ready(carousel: Locator): Promise<void> {
  await expect.poll(async () => ((await carousel.count()) === 0 ? 'not on the page' : await carousel.getAttribute('state')), { timeout: 15_000 }).toBe('ready');
}

async function titles(carousel: Locator): Promise<string[]> {
  return (await carousel.locator('[part~=title]').allTextContents()).map((text) => text.trim());
}

/** The page's frame whose URL has this path, once it has loaded. */
async function frameOf(page: Page, path: string): Promise<Frame> {
  let found: Frame | undefined;
  await expect.poll(() => (found = page.frames().find((frame) => frame.url().includes(path))) !== undefined).toBe(true);
  await found!.waitForLoadState('load');
  return found!;
}

/**
 * How many pixels of two PNG screenshots differ (decoded by the browser, so PNG encoder choices do not count),
 * and the box around them.
 */
async function pixelDifference(page: Page, a: Buffer, b: Buffer) {
  return page.evaluate(
    async ([first, second]) => {
      const decode = async (base64: string) => {
        const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${base64}`)).blob());
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const context = canvas.getContext('2d')!;
        context.drawImage(bitmap, 0, 0);
        return context.getImageData(0, 0, bitmap.width, bitmap.height);
      };
      const [x, y] = [await decode(first!), await decode(second!)];
      if (x.width !== y.width || x.height !== y.height) return { size: `${x.width}×${x.height} then ${y.width}×${y.height}`, pixels: Infinity };
      let pixels = 0;
      const box = { left: Infinity, top: Infinity, right: -1, bottom: -1 };
      for (let i = 0; i < x.data.length; i += 4) {
        if (x.data[i] === y.data[i] && x.data[i + 1] === y.data[i + 1] && x.data[i + 2] === y.data[i + 2] && x.data[i + 3] === y.data[i + 3]) continue;
        pixels += 1;
        const [column, row] = [(i / 4) % x.width, Math.floor(i / 4 / x.width)];
        Object.assign(box, { left: Math.min(box.left, column), top: Math.min(box.top, row), right: Math.max(box.right, column), bottom: Math.max(box.bottom, row) });
      }
      return { size: 'same', pixels, ...(pixels && { box }) };
    },
    [a.toString('base64'), b.toString('base64')],
  );
}

/** The newest headlines as the worker lists them (the same list the carousels render). */
async function headlines(limit: number): Promise<Array<{ slug: string; title: string; url: string }>> {
  const response = await fetch(`${api}/v1/headlines?limit=${limit}`);
  return ((await response.json()) as { items: Array<{ slug: string; title: string; url: string }> }).items;
}

/** WCAG relative luminance of a CSS rgb()/rgba() colour. */
function luminance(color: string): number {
  const [r, g, b] = (color.match(/[\d.]+/g) ?? []).slice(0, 3).map((channel) => {
    const c = Number(channel) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
