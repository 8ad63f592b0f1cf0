/// <reference lib="dom" />
/**
 * The preview pages `npm start` serves, in real Chromium, in a copy of the project whose content/ also holds a
 * sport section (one article with a picture and a canonical URL on another site). The configurator is opened as an
 * editor opens it, at http://localhost:<port>/; partner pages are other sites (127.0.0.1).
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, FrameLocator, Locator, Page } from 'playwright';
import * as v from 'valibot';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseArticleFile } from '../../content/article-file.ts';
import { type Article, ArticleInput, newestFirst } from '../../content/schema.ts';
import { MESSAGES } from '../../widget/messages.ts';
import { HOSTILE_CSS } from '../../worker/pages/hostile-css.ts';
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

const AXE_SOURCE = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SCREENSHOTS = join(ROOT, process.env['UPDATE_SCREENSHOTS'] === '1' ? 'docs/screenshots' : '.build/screenshots');

const PICTURED = {
  slug: 'cup-final-crowds',
  title: 'جماهير غفيرة تحتشد لنهائي الكأس',
  canonical: 'https://news.example/sport/2026/11/26/cup-final.html',
  caption: 'المدرجات قبل انطلاق المباراة',
  image: 'https://img.example/cup-final.png',
};
const PICTURED_FILE = `---
slug: ${PICTURED.slug}
title: ${PICTURED.title}
dek: الملعب يمتلئ قبل ساعتين من صافرة البداية
section: sport
publishedAt: 2026-11-26T12:00:00Z
url: ${PICTURED.canonical}
source: أخبار الرياضة
image:
  src: ${PICTURED.image}
  alt: مدرجات ممتلئة بالمشجعين
  width: 1200
  height: 675
caption: ${PICTURED.caption}
---

احتشد عشرات الآلاف من المشجعين في الملعب قبل ساعتين من انطلاق نهائي الكأس.

وقالت الشرطة إنها نشرت تعزيزات إضافية حول الملعب لتنظيم الدخول.

ويتوقع أن تحضر المباراة شخصيات رسمية رفيعة.
`;
/** More sport, so a section holds more headlines than a small limit shows. */
const sportFile = (n: number) => `---
slug: sport-brief-${n}
title: خبر رياضي قصير رقم ${n}
section: sport
publishedAt: 2026-11-26T0${n}:00:00Z
url: https://news.example/sport/brief-${n}.html
source: أخبار الرياضة
---

تفاصيل الخبر الرياضي رقم ${n}.
`;

/** The style attribute the configurator's snippet carries: the carousel's height, reserved before embed.js runs. */
const RESERVE_STYLE = 'display:block;min-height:calc(14.5*var(--khabar-font-size,16px))';
const RESERVE = ` style="${RESERVE_STYLE}"`;
/** How a strict CSP allows exactly that style and no other inline one. */
const RESERVE_SOURCES = `'unsafe-hashes' 'sha256-${createHash('sha256').update(RESERVE_STYLE).digest('base64')}'`;

/** A 1×1 PNG: the article's picture, served by the test instead of the internet. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

let project: string | undefined;
let preview: Preview | undefined;
let partner: StaticSite | undefined;
let browser: Browser | undefined;
/** The preview as an editor's browser names it. */
let here: string;
/** The same preview under its other loopback name: another site. */
let there: string;
let articles: Article[];

beforeAll(async () => {
  project = await copyProject(PREVIEW_ENTRIES, 'khabar-preview-pages-');
  const folder = join(project, 'content/articles');
  await writeFile(join(folder, `${PICTURED.slug}.md`), PICTURED_FILE);
  for (const n of [1, 2, 3, 4]) await writeFile(join(folder, `sport-brief-${n}.md`), sportFile(n));
  articles = await readArticles(folder);
  const port = await freePort();
  [preview, partner, browser] = await Promise.all([startPreview(project, port), startStaticSite(), launchChromium()]);
  here = `http://localhost:${port}`;
  there = `http://127.0.0.1:${port}`;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await partner?.close();
  await preview?.stop();
  if (project) await rm(project, { recursive: true, force: true });
});

const opened: Watched[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((watched) => watched.context.close()));
});

async function open(options: Parameters<typeof openWatched>[1] = {}): Promise<Watched> {
  const watched = await openWatched(browser!, { viewport: { width: 1280, height: 900 }, ...options });
  opened.push(watched);
  // Nothing leaves the machine: pictures come from here, article links open a stub.
  await watched.context.route('https://img.example/**', (route) => route.fulfill({ contentType: 'image/png', body: PNG }));
  await watched.context.route('https://news.example/**', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>article</title>' }));
  return watched;
}

describe('the configurator (GET /)', () => {
  it('changes the snippet, the live carousel, the partner links and the address together', async () => {
    const editor = await open();
    const { page } = editor;
    await page.goto(`${here}/`);
    const live = page.frameLocator('#live');
    await ready(live.locator('khabar-carousel'));
    const before = await seen(page);

    await page.selectOption('#options select[name="section"]', 'sport');
    await page.fill('#options input[name="limit"]', '2');
    await page.selectOption('#options select[name="theme"]', 'dark');
    await page.selectOption('#options select[name="lang"]', 'en');
    const snippet = `<script async src="${here}/embed.js" data-limit="2" data-section="sport" data-theme="dark" data-lang="en"${RESERVE}></script>`;
    await expect.poll(() => page.locator('#snippet').textContent()).toBe(snippet);
    await expect.poll(async () => (await seen(page)).titles, { timeout: 10_000 }).toEqual(feed(2, 'sport').map((a) => a.title));
    const after = await seen(page);
    const address = new URL(page.url());
    const partnerLink = new URL((await page.locator('#partner-rtl').getAttribute('href'))!);
    // embed.js replaced its tag with the carousel, which carries the tag's options.
    const frameCarousel = await live.locator('khabar-carousel').evaluate(attributesOf);
    const snippetScript = dataAttributes(snippet);
    const frameHtml = await (await fetch(after.frameSrc)).text();

    expect(before).toMatchObject({ titles: feed(6).map((a) => a.title), theme: 'auto', label: MESSAGES.ar.label, snippet: `<script async src="${here}/embed.js"${RESERVE}></script>` });
    expect(after).toMatchObject({ theme: 'dark', label: MESSAGES.en.label, snippet });
    expect(new URL(after.frameSrc).pathname + new URL(after.frameSrc).search).toBe('/preview/embed?code=script&limit=2&section=sport&theme=dark&lang=en');
    expect(frameHtml, "the live frame's page holds the snippet's very text").toContain(snippet);
    expect(frameCarousel.filter(([name]) => name !== 'api' && name !== 'state')).toEqual(
      snippetScript,
    );
    expect(await live.locator('script[src$="/embed.js"]').count(), 'the tag made way for the carousel').toBe(0);
    expect(address.pathname).toBe('/');
    expect(Object.fromEntries(address.searchParams)).toEqual({ limit: '2', section: 'sport', theme: 'dark', lang: 'en' });
    expect(`${partnerLink.origin}${partnerLink.pathname}`).toBe(`${there}/preview/partner`);
    expect(Object.fromEntries(partnerLink.searchParams)).toEqual({ dir: 'rtl', limit: '2', section: 'sport', theme: 'dark', lang: 'en' });
    expect(problemsOf(editor), 'the configurator and its frame, under their own CSPs').toEqual({ pageErrors: [], consoleErrors: [], violations: [] });
  });

  it.each([
    ['limit', '100', '4'],
    ['partner', 'my paper', 'my-paper'],
    ['refresh', '5', '60'],
  ])('holds the copy button, and says why, while %s=%j cannot go into the snippet', async (name, value, fixed) => {
    const { page } = await open();
    await page.goto(`${here}/`);
    const field = page.locator(`#options [name="${name}"]`);

    await field.fill(value);

    await expect.poll(() => page.locator('#copy').isDisabled()).toBe(true);
    expect(await field.evaluate((input: HTMLInputElement) => input.validity.valid)).toBe(false);
    expect(await page.locator('#copy-status').textContent()).toMatch(/\S/);
    expect(await page.locator('#snippet').textContent()).not.toContain(`data-${name}`);

    await field.fill(fixed);

    await expect.poll(() => page.locator('#copy').isDisabled()).toBe(false);
    expect(await page.locator('#snippet').textContent()).toContain(`data-${name}=`);
  });

  it('copies exactly the snippet, which works pasted into another site under a strict CSP', async () => {
    const editor = await open();
    await editor.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: here });
    await editor.page.goto(`${here}/?section=sport&limit=3&theme=light`);
    const shown = await editor.page.locator('#snippet').textContent();

    await editor.page.click('#copy');
    await expect.poll(() => editor.page.locator('#copy-status').textContent()).toBe('نُسخ');
    const copied = await editor.page.evaluate(() => navigator.clipboard.readText());
    // Strict, as README's "Strict CSP" says: the snippet's reserving style is allowed by its hash.
    const csp = `default-src 'none'; script-src ${here}; connect-src ${here}; img-src https:; style-src 'self' ${RESERVE_SOURCES}`;
    const url = partner!.serve(
      `<!doctype html><html lang="en" dir="ltr"><head><meta charset="utf-8"><title>Partner</title></head><body><main><p>Partner copy.</p>${copied}</main></body></html>`,
      { 'Content-Security-Policy': csp },
    );
    const reader = await open();
    const response = await reader.page.goto(url);
    const carousel = reader.page.locator('khabar-carousel');
    await ready(carousel);

    expect(copied).toBe(shown);
    expect(copied).toBe(`<script async src="${here}/embed.js" data-limit="3" data-section="sport" data-theme="light"${RESERVE}></script>`);
    expect(response!.headers()['content-security-policy']).toBe(csp);
    expect(await titles(carousel)).toEqual(feed(3, 'sport').map((a) => a.title));
    expect(await themeOf(carousel)).toBe('light');
    expect(problemsOf(reader)).toEqual({ pageErrors: [], consoleErrors: [], violations: [] });
    expect(problemsOf(editor)).toEqual({ pageErrors: [], consoleErrors: [], violations: [] });
  });

  it.each(['ltr', 'rtl'] as const)('links a %s partner page on another site where the carousel survives the hostile CSS', async (dir) => {
    const editor = await open();
    await editor.page.goto(`${here}/?section=news&limit=2`);
    const href = (await editor.page.locator(`#partner-${dir}`).getAttribute('href'))!;
    const reader = await open();

    const response = await reader.page.goto(href);
    const carousel = reader.page.locator('khabar-carousel');
    await ready(carousel);
    const looks = await carousel.locator('[part~=title]').evaluateAll((elements) =>
      elements.map((element) => {
        const box = element.getBoundingClientRect();
        return { visible: element.checkVisibility({ opacityProperty: true, visibilityProperty: true }), area: box.width * box.height, fontSize: Number.parseFloat(getComputedStyle(element).fontSize) };
      }),
    );
    const page = await reader.page.evaluate(() => ({
      dir: document.documentElement.dir,
      rootFontSize: getComputedStyle(document.documentElement).fontSize,
      partnerCopy: document.querySelectorAll('main p.partner').length,
    }));
    const css = await (await fetch(`${there}/preview/partner.css`)).text();

    expect(new URL(href).origin).toBe(there);
    expect(response!.headers()['content-security-policy']).toBe(
      `default-src 'none'; script-src ${here}; connect-src ${here}; img-src https:; style-src 'self' ${RESERVE_SOURCES}; base-uri 'none'; form-action 'none'`,
    );
    expect({ dir: page.dir, rootFontSize: page.rootFontSize }, 'the hostile stylesheet is in force').toEqual({ dir, rootFontSize: '10px' });
    expect(page.partnerCopy).toBeGreaterThan(0);
    expect(css, 'the hostile stylesheet the embed tests use').toBe(HOSTILE_CSS);
    expect(await titles(carousel)).toEqual(feed(2, 'news').map((a) => a.title));
    expect(await carousel.isVisible()).toBe(true);
    expect(looks.length).toBeGreaterThan(0);
    expect(looks.every((title) => title.visible && title.area > 0 && title.fontSize >= 14), JSON.stringify(looks)).toBe(true);
    expect(problemsOf(reader)).toEqual({ pageErrors: [], consoleErrors: [], violations: [] });
  });

  it('is pictured for the README once the live carousel has loaded', async () => {
    const { page } = await open({ colorScheme: 'light' });
    await page.goto(`${here}/?section=news&limit=4`);
    await ready(page.frameLocator('#live').locator('khabar-carousel'));
    await page.evaluate(() => document.fonts.ready.then(() => undefined));

    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'preview.png'), fullPage: true, animations: 'disabled' });

    expect(await titles(page.frameLocator('#live').locator('khabar-carousel'))).toEqual(feed(4, 'news').map((a) => a.title));
    expect(await page.evaluate(() => getComputedStyle(document.body).direction)).toBe('rtl');
  });

  it.each(['/?section=news', `/articles/${PICTURED.slug}`])('%s has no serious or critical accessibility violation (axe)', async (path) => {
    const { page } = await open({ colorScheme: 'light' });
    await page.goto(`${here}${path}`);
    // Evaluated through the DevTools protocol, which the page's CSP does not govern.
    await page.evaluate(AXE_SOURCE);
    const violations = await page.evaluate(async () => {
      const results = await (window as unknown as { axe: typeof import('axe-core') }).axe.run(document, { resultTypes: ['violations'] });
      return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    });

    expect(violations).toEqual([]);
  });

  it('pictures an article page for the README, as a reader without JavaScript sees it', async () => {
    const { page } = await open({ colorScheme: 'light', javaScriptEnabled: false, viewport: { width: 900, height: 640 } });
    const sample = articles.find((a) => a.dek && !a.image)!;
    await page.goto(`${here}/articles/${sample.slug}`);

    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'article.png'), animations: 'disabled' });

    expect((await page.locator('article h1').textContent())?.trim()).toBe(sample.title);
  });
});

describe('the article page (GET /articles/:slug)', () => {
  it('reads right to left with JavaScript off: title, picture, caption, date and every paragraph', async () => {
    const { page } = await open({ javaScriptEnabled: false });
    const article = articles.find((a) => a.slug === PICTURED.slug)!;
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(request.url());
    });

    const response = await page.goto(`${here}/articles/${PICTURED.slug}`);
    const h1 = page.locator('article h1');
    const shown = {
      title: (await h1.textContent())?.trim(),
      dek: (await page.locator('article .dek').textContent())?.trim(),
      caption: (await page.locator('article figcaption').textContent())?.trim(),
      paragraphs: (await page.locator('article p:not([class])').allTextContents()).map((text) => text.trim()),
    };
    const layout = await h1.evaluate((heading) => {
      const range = document.createRange();
      range.selectNodeContents(heading);
      const text = range.getBoundingClientRect();
      const box = heading.getBoundingClientRect();
      return { direction: getComputedStyle(heading).direction, gapRight: box.right - text.right, gapLeft: text.left - box.left };
    });
    const picture = await page.locator('article figure img').evaluate((img: HTMLImageElement) => ({ loaded: img.complete && img.naturalWidth > 0, width: img.getBoundingClientRect().width }));
    const date = await page.locator('article time').first().textContent();

    expect(response!.status()).toBe(200);
    expect(shown).toEqual({ title: article.title, dek: article.dek, caption: PICTURED.caption, paragraphs: article.body });
    expect(layout.direction).toBe('rtl');
    expect(layout.gapRight, `the title starts at the right (${JSON.stringify(layout)})`).toBeLessThan(layout.gapLeft + 1);
    expect(picture.loaded).toBe(true);
    expect(picture.width).toBeGreaterThan(100);
    expect(date).toMatch(/٢٦/);
    expect(date).toMatch(/٢٠٢٦/);
    expect(await h1.isVisible()).toBe(true);
    expect(scripts).toEqual([]);
  });

  it('is found by oEmbed under its canonical URL on another site (the index the real build wrote)', async () => {
    const response = await fetch(`${here}/oembed?url=${encodeURIComponent(PICTURED.canonical)}&format=json`);
    const body = (await response.json()) as { title: string; html: string; thumbnail_url?: string };

    expect(response.status).toBe(200);
    expect(body.title).toBe(PICTURED.title);
    expect(body.thumbnail_url).toBe(PICTURED.image);
    expect(body.html).toContain(`/frames/articles/${PICTURED.slug}`);
  });
});

// ——— helpers ———

/** Waits until the carousel shows headlines (in whichever page or frame it is). */
async function ready(carousel: Locator): Promise<void> {
  await expect.poll(async () => ((await carousel.count()) === 0 ? 'not on the page' : await carousel.getAttribute('state')), { timeout: 15_000 }).toBe('ready');
}

async function titles(carousel: Locator): Promise<string[]> {
  return (await carousel.locator('[part~=title]').allTextContents()).map((text) => text.trim());
}

async function themeOf(carousel: Locator): Promise<string | undefined> {
  const classes = (await carousel.locator('[part~=base]').getAttribute('class')) ?? '';
  return classes.split(/\s+/).find((name) => ['auto', 'light', 'dark'].includes(name));
}

/** What the configurator shows: its snippet, and what the carousel in its live frame shows. */
async function seen(page: Page) {
  const live: FrameLocator = page.frameLocator('#live');
  const carousel = live.locator('khabar-carousel');
  return {
    snippet: await page.locator('#snippet').textContent(),
    frameSrc: new URL((await page.locator('#live').getAttribute('src'))!, page.url()).href,
    titles: (await carousel.getAttribute('state')) === 'ready' ? await titles(carousel) : [],
    theme: await themeOf(carousel),
    label: await carousel.locator('section[aria-roledescription=carousel]').getAttribute('aria-label'),
  };
}

/** In the page: an element's attributes, in order. */
function attributesOf(element: Element): Array<[string, string]> {
  return [...element.attributes].map((attribute) => [attribute.name, attribute.value]);
}

/**
 * The `data-*` attributes of a snippet, in order, as option names and values. Read here rather than with a
 * DOMParser in the configurator: a parsed style attribute there counts against the configurator's own CSP.
 */
function dataAttributes(snippet: string): Array<[string, string]> {
  return [...snippet.matchAll(/ data-([a-z]+)="([^"]*)"/g)].map((match) => [match[1]!, match[2]!]);
}

async function readArticles(folder: string): Promise<Article[]> {
  const files = (await readdir(folder)).filter((name) => name.endsWith('.md'));
  const parsed = await Promise.all(files.map(async (name) => v.parse(ArticleInput, parseArticleFile(await readFile(join(folder, name), 'utf8')))));
  return parsed.sort(newestFirst);
}

/** What the carousel should list: the newest `limit` articles (of `section`). */
function feed(limit: number, section?: string): Article[] {
  return articles.filter((article) => section === undefined || article.section === section).slice(0, limit);
}
