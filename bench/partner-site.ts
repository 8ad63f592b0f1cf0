/**
 * A partner's site and khabar's edge, on two local origins, for the render benchmark:
 * - the site serves bench/fixtures/partner-page.html with or without the one-line snippet;
 * - the edge forwards to the real worker on workerd and compresses text with brotli, as Cloudflare's edge does for
 *   clients that accept it (quality 11, the figure the size table counts), so bytes transferred are a partner's.
 * Two ports are two origins: the embed's requests are cross-origin, as on a real partner page.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { ROOT } from './machine.ts';

const PLACEHOLDER = '<!-- KHABAR EMBED -->';

export interface PartnerSite {
  /** The article page, with the embed's snippet or without it. */
  page(withEmbed: boolean): string;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function compressible(type: string | null): boolean {
  return type !== null && /^(text\/|application\/(json|javascript|problem\+json))/.test(type);
}

/** Compressed once per distinct body, as a CDN would: recompressing embed.js at quality 11 on every request adds
 * ~20 ms to each, which would land in the render timings. */
const compressedBodies = new Map<string, Buffer>();
function compressed(body: Buffer): Buffer {
  const key = createHash('sha256').update(body).digest('hex');
  let out = compressedBodies.get(key);
  if (!out) compressedBodies.set(key, (out = brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } })));
  return out;
}

async function forward(worker: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string' && !['host', 'connection', 'accept-encoding'].includes(name)) headers.set(name, value);
  }
  const upstream = await fetch(new URL(req.url ?? '/', worker), { method: req.method ?? 'GET', headers });
  const body = Buffer.from(await upstream.arrayBuffer());
  const out: Record<string, string> = {};
  upstream.headers.forEach((value, name) => {
    if (!['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(name)) out[name] = value;
  });
  const brotli = body.byteLength > 0 && /\bbr\b/.test(String(req.headers['accept-encoding'])) && compressible(upstream.headers.get('content-type'));
  const sent = brotli ? compressed(body) : body;
  if (brotli) {
    out['content-encoding'] = 'br';
    out['vary'] = 'Accept-Encoding';
  }
  res.writeHead(upstream.status, { ...out, 'content-length': String(sent.byteLength) });
  res.end(sent);
}

/** `worker`: the real worker's origin on workerd (a direct socket). */
export async function startPartnerSite(worker: URL): Promise<PartnerSite> {
  const template = await readFile(join(ROOT, 'bench/fixtures/partner-page.html'), 'utf8');
  if (!template.includes(PLACEHOLDER)) throw new Error(`partner-page.html lacks ${PLACEHOLDER}`);
  const edge = createServer((req, res) => {
    forward(worker, req, res).catch((error: unknown) => {
      res.writeHead(502).end(String(error));
    });
  });
  const edgeOrigin = await listen(edge);
  const snippet = `<script async src="${edgeOrigin}/embed.js"></script>`;
  const pages: Record<string, string> = {
    '/with-embed': template.replace(PLACEHOLDER, snippet),
    '/without-embed': template.replace(PLACEHOLDER, ''),
  };
  const site = createServer((req, res) => {
    const html = pages[req.url ?? ''];
    if (html === undefined) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
  });
  const siteOrigin = await listen(site);
  const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));
  return {
    page: (withEmbed) => `${siteOrigin}/${withEmbed ? 'with' : 'without'}-embed`,
    close: async () => {
      edge.closeAllConnections();
      site.closeAllConnections();
      await Promise.all([close(edge), close(site)]);
    },
  };
}
