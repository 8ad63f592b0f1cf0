/**
 * What the end-to-end tests share: a throwaway copy of the project, `npm start` run in it as an editor runs
 * it (its own port and debugger port, so test files can run side by side), and free ports.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, symlink } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type BrowserContextOptions, type Page, chromium } from 'playwright';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * What `npm start` needs of the project: it builds the embed from widget/ and the KV records from content/,
 * and the worker imports the embed build from dist/ (copied too, in case a start does not rebuild it).
 */
export const PREVIEW_ENTRIES = ['worker', 'widget', 'content', 'dist', 'wrangler.toml', 'package.json', 'tsconfig.json'] as const;

/** Copies these entries of the project into a new temp folder, with node_modules linked, not copied. */
export async function copyProject(entries: readonly string[] = PREVIEW_ENTRIES, prefix = 'khabar-e2e-'): Promise<string> {
  const missing = entries.filter((entry) => !existsSync(join(ROOT, entry)));
  if (missing.length) throw new Error(`missing from the project: ${missing.join(', ')} (dist/ comes from \`npm run build\`)`);
  const project = await mkdtemp(join(tmpdir(), prefix));
  for (const entry of entries) {
    await cp(join(ROOT, entry), join(project, entry), { recursive: true });
  }
  await symlink(join(ROOT, 'node_modules'), join(project, 'node_modules'));
  return project;
}

/** A running `npm start`. */
export interface Preview {
  /** `http://127.0.0.1:<port>`, where it answers (browsers may also name it `localhost`). */
  readonly origin: string;
  readonly port: number;
  /** Everything it printed so far. */
  output(): string;
  /**
   * Resolves once `text` appears in what it printed after `from` (an index into `output()`, default 0), as it
   * prints it; rejects, with the output, if it exits first or after `timeoutMs`.
   */
  waitForOutput(text: string, from?: number, timeoutMs?: number): Promise<void>;
  /** Ends the whole process group (wrangler and its workerd), once; resolves when it has exited. */
  stop(): Promise<void>;
}

/**
 * Runs `content/preview.ts` (what `npm start` runs) in `project` on `port`, and resolves once wrangler says it
 * is ready and `/healthz` answers. Rejects with its output if it exits or is not ready within `timeoutMs`.
 */
export async function startPreview(
  project: string,
  port: number,
  timeoutMs = 60_000,
  env: Record<string, string> = {},
  /** More arguments for `wrangler dev`, after npm start's own (a later `--var NAME:value` wins). */
  args: readonly string[] = [],
): Promise<Preview> {
  const inspectorPort = await freePort();
  const child = spawn(process.execPath, ['content/preview.ts', '--inspector-port', String(inspectorPort), ...args], {
    cwd: project,
    env: { ...process.env, ...env, PORT: String(port), WRANGLER_SEND_METRICS: 'false' },
    detached: true, // its own process group, so stop() also ends wrangler's workerd
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  /** Checked on every chunk printed and on exit: the waits below are woken by the process, not a timer. */
  const listeners = new Set<() => void>();
  const printed = (d: Buffer) => {
    output += d;
    for (const listener of [...listeners]) listener();
  };
  child.stdout!.on('data', printed);
  child.stderr!.on('data', printed);
  child.once('exit', () => {
    for (const listener of [...listeners]) listener();
  });
  const waitForOutput = (text: string, from = 0, timeoutMs = 20_000) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (output.indexOf(text, from) !== -1) done();
        else if (child.exitCode !== null || child.signalCode !== null) done(new Error(`npm start exited before printing ${JSON.stringify(text)}:\n${output}`));
      };
      const timer = setTimeout(() => done(new Error(`npm start did not print ${JSON.stringify(text)} within ${timeoutMs / 1000} s:\n${output}`)), timeoutMs);
      const done = (error?: Error) => {
        clearTimeout(timer);
        listeners.delete(check);
        if (error) reject(error);
        else resolve();
      };
      listeners.add(check);
      check();
    });
  const preview: Preview = {
    origin: `http://127.0.0.1:${port}`,
    port,
    output: () => output,
    waitForOutput,
    stop: () => stopProcessGroup(child),
  };
  try {
    await waitForOutput('Ready on http://', 0, timeoutMs);
    const health = await fetch(`${preview.origin}/healthz`);
    if (!health.ok) throw new Error(`npm start is ready but /healthz answers ${health.status}:\n${output}`);
  } catch (error) {
    await preview.stop();
    throw error;
  }
  return preview;
}

async function stopProcessGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid!, 'SIGTERM');
  await exited;
}

/** A port nothing listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

// ——— the browser side, shared by the preview tests ———

/** Debian's Chromium, never a downloaded browser; --no-sandbox because CI runs as root. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
}

/** A page and what went wrong on it: uncaught errors, console errors and CSP violations, in every frame. */
export interface Watched {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly pageErrors: string[];
  readonly consoleErrors: string[];
  /** `securitypolicyviolation` events, as "directive blocked-uri". */
  readonly violations: string[];
}

/** A fresh context (its own cache and permissions) and page, recording every problem it reports. */
export async function openWatched(browser: Browser, options: BrowserContextOptions = {}): Promise<Watched> {
  const context = await browser.newContext(options);
  context.setDefaultTimeout(10_000);
  const watched: Watched = { context, page: await context.newPage(), pageErrors: [], consoleErrors: [], violations: [] };
  watched.page.on('pageerror', (error) => watched.pageErrors.push(error.message));
  watched.page.on('console', (message) => {
    if (message.type() === 'error') watched.consoleErrors.push(message.text());
  });
  if (options.javaScriptEnabled !== false) {
    // A binding reaches Node at once, so a violation just before a navigation is still recorded.
    await context.exposeBinding('__e2eViolation', (_source, text: string) => void watched.violations.push(text));
    await context.addInitScript(() => {
      const report = (window as unknown as { __e2eViolation?: (text: string) => void }).__e2eViolation;
      addEventListener('securitypolicyviolation', (event) => report?.(`${event.effectiveDirective} ${event.blockedURI}`), true);
    });
  }
  return watched;
}

/** What a watched page reported, for one `toEqual` that shows it all when it fails. */
export function problemsOf(watched: Watched) {
  return { pageErrors: watched.pageErrors, consoleErrors: watched.consoleErrors, violations: watched.violations };
}

/** A tiny web server on 127.0.0.1: a partner's own site, on another origin than the preview. */
export interface StaticSite {
  readonly origin: string;
  /** Serves this HTML with these response headers at a new path; returns its URL. */
  serve(html: string, headers?: Record<string, string>): string;
  close(): Promise<void>;
}

/** `files`: fixed paths the site serves besides its pages, e.g. its stylesheet. */
export async function startStaticSite(files: Record<string, { contentType: string; body: string }> = {}): Promise<StaticSite> {
  const pages = new Map<string, { html: string; headers: Record<string, string> }>();
  const server = createHttpServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://site').pathname;
    const found = pages.get(path);
    const file = files[path];
    if (found) {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...found.headers });
      response.end(found.html);
    } else if (file) {
      response.writeHead(200, { 'Content-Type': file.contentType }).end(file.body);
    } else if (path === '/favicon.ico') {
      response.writeHead(204).end(); // asked by every page; a 404 would be a console error
    } else {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    origin,
    serve(html, headers = {}) {
      const path = `/page-${pages.size + 1}.html`;
      pages.set(path, { html, headers });
      return `${origin}${path}`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
