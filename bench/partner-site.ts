/**
 * A partner's site and khabar's edge, on two local origins, for the render benchmark:
 * - the site serves bench/fixtures/partner-page.html without the embed, or with one of the three embed codes the
 *   configurator offers, each exactly as it writes them (widget/embed-options.ts): the script snippet with its
 *   reserving style, the iframe, or the server-rendered fragment, which the site's server fetches from the edge's
 *   GET /fragments/carousel on every request and includes in the page (as PHP's include, Astro or ESI would);
 * - the edge forwards to the real worker on workerd and compresses text with brotli, as Cloudflare's edge does for
 *   clients that accept it (quality 11, the figure the size table counts), so bytes transferred are a partner's.
 *   The site compresses its pages the same way, as a partner's server or CDN would.
 * Two ports are two origins: the embed's requests are cross-origin, as on a real partner page.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { type IncomingMessage, type Server, type ServerResponse, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { iframeFor, snippetFor } from '../widget/embed-options.ts';
import { ROOT } from './machine.ts';

const EMBED_PLACEHOLDER = '<!-- KHABAR EMBED -->';
const MARKS_PLACEHOLDER = '/* KHABAR MARKS */';

/** The embed codes the configurator offers, as the bench names them. */
export const EMBED_MODES = ['snippet', 'iframe', 'fragment'] as const;
export type EmbedMode = (typeof EMBED_MODES)[number];
export type PageVariant = EmbedMode | 'without';

export interface PartnerSite {
  /** The article page, without the embed or with one embed code. */
  page(variant: PageVariant): string;
  /** The edge's origin: every request to it is khabar's. */
  edgeOrigin: string;
  close(): Promise<void>;
}

/** The instrumentation the partner page inlines (bench/fixtures/khabar-marks.js). */
export async function marksScript(): Promise<string> {
  return readFile(join(ROOT, 'bench/fixtures/khabar-marks.js'), 'utf8');
}

async function listen(server: Server, port = 0): Promise<string> {
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function compressible(type: string | undefined): boolean {
  return typeof type === 'string' && /^(text\/|application\/(json|javascript|problem\+json))/.test(type);
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

/** Sends `body`, brotli-compressed when the client accepts it and the type is text. */
function send(req: IncomingMessage, res: ServerResponse, status: number, headers: Record<string, string>, body: Buffer): void {
  const brotli = body.byteLength > 0 && /\bbr\b/.test(String(req.headers['accept-encoding'])) && compressible(headers['content-type']);
  const sent = brotli ? compressed(body) : body;
  const out = { ...headers };
  if (brotli) {
    out['content-encoding'] = 'br';
    out['vary'] = 'Accept-Encoding';
  }
  res.writeHead(status, { ...out, 'content-length': String(sent.byteLength) });
  res.end(sent);
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * One request to the worker, keeping the client's Host: the worker builds its URLs (the fragment's and the frame's
 * embed.js, the frame's CSP) from the origin it was asked on, which must be the edge's, as on Cloudflare.
 */
function upstream(worker: URL, path: string, method: string, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const out = request({ host: worker.hostname, port: worker.port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const kept: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) {
          if (typeof value === 'string' && !['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(name)) kept[name] = value;
        }
        resolve({ status: res.statusCode ?? 502, headers: kept, body: Buffer.concat(chunks) });
      });
      res.on('error', reject);
    });
    out.on('error', reject);
    out.end();
  });
}

async function forward(worker: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string' && !['connection', 'accept-encoding'].includes(name)) headers[name] = value;
  }
  const answer = await upstream(worker, req.url ?? '/', req.method ?? 'GET', headers);
  send(req, res, answer.status, answer.headers, answer.body);
}

/**
 * `worker`: the real worker's origin on workerd (a direct socket). `edgePort`: where the edge in front of it listens,
 * chosen before the worker started, since the worker answers only at origins it was told (PUBLIC_ORIGINS).
 */
export async function startPartnerSite(worker: URL, edgePort: number): Promise<PartnerSite> {
  const template = await readFile(join(ROOT, 'bench/fixtures/partner-page.html'), 'utf8');
  for (const placeholder of [EMBED_PLACEHOLDER, MARKS_PLACEHOLDER]) {
    if (!template.includes(placeholder)) throw new Error(`partner-page.html lacks ${placeholder}`);
  }
  const marks = await marksScript();
  const edge = createServer((req, res) => {
    forward(worker, req, res).catch((error: unknown) => {
      res.writeHead(502).end(String(error));
    });
  });
  const edgeOrigin = await listen(edge, edgePort);
  const edgeHost = new URL(edgeOrigin).host;
  const withCode = (code: string) => template.replace(MARKS_PLACEHOLDER, () => marks).replace(EMBED_PLACEHOLDER, () => code);
  const fixed: Record<string, string> = {
    '/without': withCode(''),
    '/snippet': withCode(snippetFor(edgeOrigin, {})),
    '/iframe': withCode(iframeFor(edgeOrigin, {})),
  };
  /** The partner's server includes the fragment as it is when the page is asked for (the edge caches it). */
  const render = async (path: string): Promise<string | undefined> => {
    if (path !== '/fragment') return fixed[path];
    const fragment = await upstream(worker, '/fragments/carousel', 'GET', { host: edgeHost, accept: 'text/html' });
    if (fragment.status !== 200) throw new Error(`GET /fragments/carousel answered ${fragment.status}: ${fragment.body.toString('utf8').slice(0, 300)}`);
    return withCode(fragment.body.toString('utf8'));
  };
  const site = createServer((req, res) => {
    render(req.url ?? '')
      .then((html) => {
        if (html === undefined) return void res.writeHead(404).end();
        send(req, res, 200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }, Buffer.from(html));
      })
      .catch((error: unknown) => void res.writeHead(502).end(String(error)));
  });
  const siteOrigin = await listen(site);
  const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));
  return {
    page: (variant) => `${siteOrigin}/${variant}`,
    edgeOrigin,
    close: async () => {
      edge.closeAllConnections();
      site.closeAllConnections();
      await Promise.all([close(edge), close(site)]);
    },
  };
}
