/**
 * One `content:push --local` as the command runs it (build, then push), on a folder of the bench's choosing: the
 * command itself always works on content/articles/. Run as its own process by bench/publish.ts, which times it
 * and samples its memory. Usage: node --experimental-strip-types bench/publish-push.ts ARTICLES BUILD KV_STATE
 */
import { buildContent } from '../content/build/build-content.ts';
import { pushContent } from '../content/push/push-content.ts';

const [articlesDir, outDir, persistTo] = process.argv.slice(2);
if (!articlesDir || !outDir || !persistTo) throw new Error('usage: publish-push.ts ARTICLES BUILD KV_STATE');
const build = await buildContent({ articlesDir, outDir, progressEvery: Number.MAX_SAFE_INTEGER, keys: false });
if (!build.ok) throw new Error(`build failed: ${JSON.stringify(build.problems.slice(0, 3))}`);
const report = await pushContent(build, { target: 'local', persistTo });
console.log(JSON.stringify({ ...report, articles: build.manifest.articles, changed: build.changes.changed.length }));
