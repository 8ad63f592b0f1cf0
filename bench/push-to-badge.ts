/// <reference lib="dom" />
/**
 * "Push to badge on an open page": under `LIFETIMES=deploy npm start` (wrangler.toml's lifetimes: lists fresh 60 s,
 * not the preview's 0), a reader has the simulated partner page open with the carousel; an editor writes a
 * `breaking: true` story and runs `npm run content:push -- --local`. Measured: from the push command's exit to the
 * carousel showing that story first with its badge. The page is left alone meanwhile: no reload, no scroll.
 * Used by the bench and by test/e2e/breaking-news.test.ts (which asserts the 10 s goal).
 */
import { spawn } from 'node:child_process';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright';
import { type Preview, copyProject, freePort, launchChromium, startPreview } from '../test/e2e/support.ts';
import { type Summary, summarize } from './stats.ts';

export interface PushToBadgeSettings {
  /** Breaking stories published one after another into the same open page. */
  repetitions: number;
  /** Give up on one story after this long (the goal is 10 s). */
  timeoutMs: number;
}

export interface PushToBadge {
  settings: PushToBadgeSettings;
  /** From the push's exit to the badge, seconds. */
  seconds: Summary;
  /** How long the pushes themselves took, seconds (not counted above). */
  pushSeconds: Summary;
}

/** A running preview with deploy lifetimes, a browser, and a partner page showing the carousel. */
export interface OpenPage {
  project: string;
  preview: Preview;
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

export async function openPartnerPage(): Promise<OpenPage> {
  const project = await copyProject(undefined, 'khabar-push-to-badge-');
  const port = await freePort();
  const [preview, browser] = await Promise.all([startPreview(project, port, 90_000, { LIFETIMES: 'deploy' }), launchChromium()]);
  const page = await browser.newPage();
  // The partner page on localhost; the embed comes from 127.0.0.1, another origin, as on a real partner site.
  await page.goto(`http://localhost:${port}/preview/partner?dir=rtl`);
  await page.locator('khabar-carousel [part~="card"]').first().waitFor({ timeout: 30_000 });
  return {
    project,
    preview,
    browser,
    page,
    async close() {
      await browser.close();
      await preview.stop();
    },
  };
}

/** Writes story `n` (breaking until an hour from now, dated before every other story) and pushes it; returns its title. */
export async function pushBreakingStory(open: OpenPage, n: number): Promise<{ title: string; pushSeconds: number; pushedAt: number }> {
  const articles = join(open.project, 'content/articles');
  const dates: number[] = [];
  // The archive's own stories, not the breaking ones written before: story n+1 is then newer than story n.
  for (const name of await readdir(articles)) {
    if (name.startsWith('breaking-story-')) continue;
    const at = /^publishedAt: (.+)$/m.exec(await readFile(join(articles, name), 'utf8'))?.[1];
    if (at) dates.push(Date.parse(at.replace(/^['"]|['"]$/g, '')));
  }
  // Older than every story: only `breaking` can put it first. Later stories are a minute newer than earlier ones.
  const publishedAt = new Date(Math.min(...dates) - 3_600_000 + n * 60_000).toISOString().replace('.000Z', 'Z');
  const breakingUntil = new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const title = `عاجل رقم ${n}: زلزال قوي يضرب الساحل`;
  const slug = `breaking-story-${n}`;
  await writeFile(
    join(articles, `${slug}.md`),
    `---\nslug: ${slug}\ntitle: "${title}"\nsection: news\npublishedAt: ${publishedAt}\nurl: https://khabar.example/articles/${slug}\nsource: خبر\nbreaking: true\nbreakingUntil: ${breakingUntil}\n---\n\nالتفاصيل بعد قليل.\n`,
  );
  const started = performance.now();
  await run(open.project, ['--experimental-strip-types', 'content/push/cli.ts', '--local'], { PORT: String(open.preview.port) });
  const pushedAt = performance.now();
  return { title, pushSeconds: (pushedAt - started) / 1000, pushedAt };
}

/** Resolves, with the seconds since `since`, once the carousel's first card is `title` and carries a badge. */
export async function badgeShown(page: Page, title: string, since: number, timeoutMs: number): Promise<number> {
  await page.waitForFunction(
    (expected) => {
      const carousel = document.querySelector('khabar-carousel');
      const first = carousel?.shadowRoot?.querySelector('[part~="card"]');
      return Boolean(first?.textContent?.includes(expected) && first.querySelector('[part~="badge"]'));
    },
    title,
    { timeout: timeoutMs, polling: 50 },
  );
  return (performance.now() - since) / 1000;
}

export async function measurePushToBadge(settings: PushToBadgeSettings, log: (line: string) => void): Promise<PushToBadge> {
  const open = await openPartnerPage();
  try {
    const seconds: number[] = [];
    const pushes: number[] = [];
    for (let n = 1; n <= settings.repetitions; n += 1) {
      const pushed = await pushBreakingStory(open, n);
      seconds.push(await badgeShown(open.page, pushed.title, pushed.pushedAt, settings.timeoutMs));
      pushes.push(pushed.pushSeconds);
      log(`  story ${n}: pushed in ${pushed.pushSeconds.toFixed(1)} s, badge ${seconds.at(-1)!.toFixed(1)} s after`);
    }
    return { settings, seconds: summarize(seconds, 'push to badge'), pushSeconds: summarize(pushes, 'push') };
  } finally {
    await open.close();
  }
}

function run(cwd: string, args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d));
    child.stderr.on('data', (d: Buffer) => (output += d));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`content:push exited ${code}:\n${output}`))));
  });
}
