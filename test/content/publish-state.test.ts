/**
 * What a push leaves for the edge (contract C1): the `v1:state` record written last when anything changed, and the
 * purge after it. Locally the purge must reach the Cache API a running `wrangler dev` reads: here another Miniflare on
 * the same persist folder stands in for it (the e2e test checks a real `npm start`). Remotely it is Cloudflare's zone
 * purge by URL, sent here to a local HTTP server that records the request.
 */
import { createServer } from 'node:http';
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Miniflare, convertV4MiniflareOptions } from 'miniflare';
import { describe, expect, it } from 'vitest';
import { buildContent } from '../../content/build/build-content.ts';
import { openLocal } from '../../content/push/kv-target.ts';
import { pushContent } from '../../content/push/push-content.ts';
import { publicOrigins, purgeEdge } from '../../content/push/purge-edge.ts';
import { stateKey } from '../../content/records.ts';
import { PROJECT_ROOT, makeArticle, useTempDirs, writeArticle } from './helpers.ts';

const tempDir = useTempDirs('khabar-state-');

async function editorSite() {
  const root = await tempDir();
  const articlesDir = join(root, 'articles');
  await mkdir(articlesDir);
  const persistTo = join(root, 'kv-state');
  const push = async () => {
    const build = await buildContent({ articlesDir, outDir: join(root, 'build') });
    if (!build.ok) throw new Error(JSON.stringify(build.problems));
    return pushContent(build, { target: 'local', persistTo, purge: { env: { PORT: '8999' } } });
  };
  const state = async () => {
    const kv = await openLocal(persistTo);
    try {
      const text = (await kv.getMany([stateKey()])).get(stateKey());
      return text ? (JSON.parse(text) as { version: string; partners: unknown }) : undefined;
    } finally {
      await kv.close();
    }
  };
  return { articlesDir, persistTo, push, state };
}

describe('the content state record', () => {
  it('is written by a push that changed something, with a new version each time, and left alone by one that did not', async () => {
    const site = await editorSite();
    await writeArticle(site.articlesDir, makeArticle('first'));

    const first = await site.push();
    const afterFirst = await site.state();
    const unchanged = await site.push();
    const afterUnchanged = await site.state();
    await writeArticle(site.articlesDir, makeArticle('second', { breaking: true }));
    const second = await site.push();
    const afterSecond = await site.state();

    expect(afterFirst).toEqual({ version: first.version, partners: {} });
    expect(first.version).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z-[0-9a-f]{8}$/);
    expect(unchanged.version).toBeUndefined();
    expect(unchanged.purge).toBeUndefined();
    expect(afterUnchanged).toEqual(afterFirst);
    expect(second.version).not.toBe(first.version);
    expect(afterSecond?.version).toBe(second.version);
  });

  it('is not counted as drift nor deleted by --full', async () => {
    const site = await editorSite();
    await writeArticle(site.articlesDir, makeArticle('first'));
    await site.push();
    const build = await buildContent({ articlesDir: site.articlesDir, outDir: join(site.persistTo, '..', 'build'), full: true });
    if (!build.ok) throw new Error('build failed');

    const report = await pushContent(build, { target: 'local', persistTo: site.persistTo, full: true, purge: { env: {} } });

    expect(report.drift).toEqual({ missing: [], unexpected: [], differing: [] });
    expect(await site.state()).toBeDefined();
  });
});

describe('the local purge', () => {
  it('deletes the state entry a running worker on the same persist folder keeps, for every origin it answers on', async () => {
    const site = await editorSite();
    await writeArticle(site.articlesDir, makeArticle('first'));
    await site.push();
    // Another workerd on the same folder, as `wrangler dev` is: it caches the state under each of its origins.
    const dev = new Miniflare({
      ...convertV4MiniflareOptions({
      modules: true,
      script: `export default { async fetch(request) {
        const { op, url } = await request.json();
        if (op === 'put') await caches.default.put(url, new Response('{"version":"old"}', { headers: { 'cache-control': 'max-age=30' } }));
        return new Response(String(Boolean(await caches.default.match(url))));
      } };`,
      compatibilityDate: '2026-11-01',
      }),
      resourcePersistencePath: join(site.persistTo, 'v3'),
    });
    try {
      const urls = ['http://localhost:8999/v1/state', 'http://127.0.0.1:8999/v1/state', 'https://khabar.example/v1/state'];
      const ask = async (op: string, url: string) => (await (await dev.dispatchFetch('http://dev.local/', { method: 'POST', body: JSON.stringify({ op, url }) })).text()) === 'true';
      for (const url of urls) expect(await ask('put', url), url).toBe(true);

      await writeArticle(site.articlesDir, makeArticle('second'));
      const report = await site.push();

      expect(report.purge?.purged).toBe(true);
      for (const url of urls) expect(await ask('match', url), url).toBe(false);
    } finally {
      await dev.dispose();
    }
  });
});

describe('the remote purge', () => {
  async function cloudflare(status = 200) {
    const requests: Array<{ url: string; auth: string | undefined; body: unknown }> = [];
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        requests.push({ url: request.url ?? '', auth: request.headers.authorization, body: JSON.parse(body) });
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ success: status === 200 }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const apiBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}/client/v4`;
    return { requests, apiBase, close: () => new Promise((resolve) => server.close(resolve)) };
  }
  const noKv = {} as Parameters<typeof purgeEdge>[1];

  it('purges each public origin’s state URL by URL in the configured zone, with the token', async () => {
    const api = await cloudflare();
    try {
      const report = await purgeEdge('remote', noKv, { env: { CLOUDFLARE_ZONE_ID: 'zone123', CLOUDFLARE_API_TOKEN: 'secret' }, apiBase: api.apiBase });

      expect(report.purged).toBe(true);
      expect(api.requests).toEqual([
        { url: '/client/v4/zones/zone123/purge_cache', auth: 'Bearer secret', body: { files: publicOrigins(join(PROJECT_ROOT, 'wrangler.toml')).map((o) => `${o}/v1/state`) } },
      ]);
    } finally {
      await api.close();
    }
  });

  it('says plainly when it is not configured, and when Cloudflare refuses (rate limit)', async () => {
    const api = await cloudflare(429);
    try {
      const missing = await purgeEdge('remote', noKv, { env: { CLOUDFLARE_ZONE_ID: 'zone123' } });
      const limited = await purgeEdge('remote', noKv, { env: { CLOUDFLARE_ZONE_ID: 'z', CLOUDFLARE_API_TOKEN: 't' }, apiBase: api.apiBase });

      expect(missing).toEqual({ purged: false, message: expect.stringMatching(/^edge purge: not configured \(set CLOUDFLARE_ZONE_ID and CLOUDFLARE_API_TOKEN\)/) });
      expect(limited.purged).toBe(false);
      expect(limited.message).toMatch(/HTTP 429 \(rate limited: the Free plan allows 5 purge requests a minute\)/);
    } finally {
      await api.close();
    }
  });
});

