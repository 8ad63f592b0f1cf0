/**
 * npm start: the local preview. Builds the embed (widget/ → dist/) and content/, makes the local KV hold exactly
 * the content, then runs the worker with `wrangler dev` at http://localhost:8787 (`PORT` changes the port).
 *
 * wrangler keeps the local Cache API under .wrangler/state across restarts; it is emptied first, so a
 * restarted preview always serves the current content/, never a response cached from older content.
 */
import { rm } from 'node:fs/promises';
import { buildAndReport } from './build/report.ts';
import { PROJECT_ROOT } from './project-config.ts';
import { pushContent } from './push/push-content.ts';
import { buildWidget } from '../widget/build/build-widget.ts';
import { wrangler } from './wrangler-cli.ts';

const port = process.env['PORT'] ?? '8787';
if (!/^\d+$/.test(port)) {
  console.error(`PORT must be a port number (got ${JSON.stringify(port)})`);
  process.exit(2);
}

const embed = await buildWidget();
console.log(`embed ${embed.version}: ${embed.bytes.brotli} B brotli`);
const build = await buildAndReport();
if (!build.ok) process.exit(1);
const report = await pushContent(build.outDir, build.manifest, { target: 'local' });
console.log(`local KV: ${report.written} written, ${report.unchanged} unchanged, ${report.deleted} deleted`);
await rm(`${PROJECT_ROOT}.wrangler/state/v3/cache`, { recursive: true, force: true });

console.log(`preview: http://localhost:${port}/v1/headlines`);
console.log(`embed:   <script async src="http://localhost:${port}/embed.js"></script>`);
await wrangler(['dev', '--port', port, ...process.argv.slice(2)], { inherit: true }).catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
