/**
 * npm start: the local preview at http://localhost:8787/ (`PORT` changes the port). Builds the embed
 * (widget/ → dist/) and content/, makes the local KV hold exactly the content, then runs the worker with
 * `wrangler dev`, and rebuilds and reseeds on every save in content/articles/ and content/partners/.
 *
 * Differences from a deploy, each so that what is on screen is what content/ says right now:
 * - the response caches' freshness is 0 (`--var`), 404s included, so a save shows on the next request;
 * - it answers on both loopback names with its port (`PUBLIC_ORIGINS`), so the partner preview can run on the
 *   other one, another origin to a browser; any other Host is refused, as in a deploy;
 * - links to SITE_ORIGIN's pages point at the preview itself (`LINK_ORIGIN`), so click-through opens
 *   /articles/… here; KV holds the URLs as the build stored them;
 * - wrangler keeps the local Cache API under .wrangler/state across restarts: it is emptied first;
 * - events are also kept in a local SQLite store that /stats reads without a token (`STATS_SOURCE=local`), as local
 *   Analytics Engine keeps nothing; the deploy secrets it then does not need are set empty, unless already set.
 *
 * `LIFETIMES=deploy npm start` keeps wrangler.toml's lifetimes (HEADLINES_MAX_AGE 60…) and does not watch content/:
 * as in a deploy, content reaches readers by `npm run content:push -- --local` (what the breaking-news measurement
 * times: test/e2e/breaking-news.test.ts).
 */
import { rm } from 'node:fs/promises';
import { buildWidget } from '../widget/build/build-widget.ts';
import { contentReloader } from './preview/content-reloader.ts';
import { watchFolder } from './preview/watch-folder.ts';
import { ARTICLES_DIR, PARTNERS_DIR, PROJECT_ROOT } from './project-config.ts';
import { wrangler } from './wrangler-cli.ts';

const port = process.env['PORT'] ?? '8787';
if (!/^\d+$/.test(port)) {
  console.error(`PORT must be a port number (got ${JSON.stringify(port)})`);
  process.exit(2);
}
const origin = `http://localhost:${port}`;

const embed = await buildWidget();
console.log(`embed ${embed.version}: ${embed.bytes.brotli} B brotli`);
// Neither a content error nor a failed local KV write stops the preview: the next save tries again.
const content = contentReloader();
const lifetimes = process.env['LIFETIMES'] ?? 'preview';
if (lifetimes !== 'preview' && lifetimes !== 'deploy') {
  console.error(`LIFETIMES must be "preview" (the default) or "deploy" (got ${JSON.stringify(lifetimes)})`);
  process.exit(2);
}
const deployLike = lifetimes === 'deploy';
// Watching starts before the first build, which checks every file (edits made while the preview was off); from
// then on the watcher's names are the whole change, and a save into a million articles builds only that file.
const watcher = deployLike ? undefined : watchFolder(ARTICLES_DIR, (name) => name.endsWith('.md'), async (names) => void (await content.reload(names)));
// A partner file counts too (a `.yml` or misnamed one as well: the build then says what to rename it). Partner files
// are read whole by every build; no article changed, so the build checks no article file.
const partnerWatcher = deployLike
  ? undefined
  : watchFolder(PARTNERS_DIR, (name) => /\.ya?ml$/i.test(name) && !name.startsWith('.'), async () => void (await content.reload([])));
await content.reload();
await rm(`${PROJECT_ROOT}.wrangler/state/v3/cache`, { recursive: true, force: true });

const fresh = deployLike ? [] : ['HEADLINES_MAX_AGE', 'ARTICLE_MAX_AGE', 'STALE_WHILE_REVALIDATE', 'NOT_FOUND_MAX_AGE'].flatMap((name) => ['--var', `${name}:0`]);
if (deployLike) console.log('lifetimes: as deployed (wrangler.toml); content/ is not watched: publish with `npm run content:push -- --local`');
// Colons in a URL are fine: wrangler splits `--var` at the first one.
const links = ['--var', `LINK_ORIGIN:${origin}`, '--var', `PUBLIC_ORIGINS:${origin},http://127.0.0.1:${port}`];
const stats = ['--var', 'STATS_SOURCE:local'];
for (const secret of ['CF_ACCOUNT_ID', 'CF_ANALYTICS_TOKEN', 'STATS_TOKEN']) process.env[secret] ??= '';
// No LOG_REQUESTS: wrangler dev prints a line per request itself, and a second one would double every request.
console.log(`preview: ${origin}/ (configurator; edits in content/articles/ show up as you save)`);
console.log(`embed:   <script async src="${origin}/embed.js"></script>`);
console.log(`stats:   ${origin}/stats (impressions and clicks counted here, kept in .wrangler/state)`);
await wrangler(['dev', '--port', port, ...fresh, ...links, ...stats, ...process.argv.slice(2)], { inherit: true }).catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
watcher?.close();
partnerWatcher?.close();
