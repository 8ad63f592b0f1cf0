import { beforeAll, describe, expect, it } from 'vitest';
import { readProblem } from './support.ts';
import { LIMITED, LIMITED_ORIGIN, PAUSED, beacon, eventsWorker, freshPartner, seedPartners, storedRows, today } from './events-support.ts';

beforeAll(seedPartners);

const worker = eventsWorker();

async function statsFor(partner: string) {
  const response = await worker.fetch(`/v1/stats?partner=${partner}`);
  expect(response.status).toBe(200);
  return (await response.json()) as {
    impressions: number;
    clicks: number;
    ctr: number | null;
    byPartner: Array<{ partner: string; impressions: number; clicks: number }>;
    byDay: Array<{ day: string; impressions: number; clicks: number }>;
    byHeadline: Array<{ headline: string; impressions: number; clicks: number; ctr: number | null }>;
  };
}

describe('POST /v1/events', () => {
  it('counts an impression once per carousel and once per headline on screen, and a click, as the stats show', async () => {
    const partner = freshPartner();

    const seen = await worker.fetch('/v1/events', beacon({ type: 'impression', partner, headlines: ['slug-a', 'slug-b', 'slug-c'] }));
    const opened = await worker.fetch('/v1/events', beacon({ type: 'click', partner, headline: 'slug-b' }));

    expect(seen.status).toBe(204);
    expect(opened.status).toBe(204);
    expect(await seen.text()).toBe('');
    const stats = await statsFor(partner);
    expect(stats).toMatchObject({ impressions: 1, clicks: 1, ctr: 1 });
    expect(stats.byPartner).toEqual([{ partner, impressions: 1, clicks: 1, ctr: 1 }]);
    expect(stats.byDay.find((day) => day.day === today())).toMatchObject({ impressions: 1, clicks: 1 });
    expect(stats.byDay).toHaveLength(30);
    expect(stats.byHeadline).toEqual([
      { headline: 'slug-b', impressions: 1, clicks: 1, ctr: 1 },
      { headline: 'slug-a', impressions: 1, clicks: 0, ctr: 0 },
      { headline: 'slug-c', impressions: 1, clicks: 0, ctr: 0 },
    ]);
  });

  it('writes the same data points to Analytics Engine: the partner as index, what, headline and day as blobs, 1 as double', async () => {
    const partner = freshPartner();
    const before = worker.points.length;

    await worker.fetch('/v1/events', beacon({ type: 'impression', partner, headlines: ['slug-a', 'slug-b', 'slug-a'] }));
    await worker.fetch('/v1/events', beacon({ type: 'click', partner, headline: 'slug-a' }));

    expect(worker.points.slice(before)).toEqual([
      { indexes: [partner], blobs: ['impression', '', today()], doubles: [1] },
      { indexes: [partner], blobs: ['headline-impression', 'slug-a', today()], doubles: [1] },
      { indexes: [partner], blobs: ['headline-impression', 'slug-b', today()], doubles: [1] },
      { indexes: [partner], blobs: ['click', 'slug-a', today()], doubles: [1] },
    ]);
    const rows = (await storedRows()).filter((row) => row['index1'] === partner);
    expect(rows.map((row) => [row['blob1'], row['blob2'], row['blob3'], row['double1'], row['_sample_interval']])).toEqual(
      worker.points.slice(before).map((point) => [...point.blobs!, 1, 1]),
    );
  });

  it('stores nothing about the reader: no address, user agent, cookie, referrer or page', async () => {
    const partner = freshPartner();
    const personal = {
      'CF-Connecting-IP': '203.0.113.77',
      'X-Forwarded-For': '198.51.100.23',
      'User-Agent': 'Mozilla/5.0 (ReaderPhone 9) Fingerprintable/1.2.3',
      Cookie: 'session=reader-secret-cookie',
      Referer: 'https://partner.example/private/page?user=reader-42',
      Origin: 'https://partner.example',
      'Accept-Language': 'ar-EG,ar;q=0.9',
    };

    const response = await worker.fetch('/v1/events', beacon({ type: 'impression', partner, headlines: ['slug-a'] }, personal));

    expect(response.status).toBe(204);
    expect(response.headers.get('set-cookie')).toBeNull();
    const rows = (await storedRows()).filter((row) => row['index1'] === partner);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(Object.keys(row).sort()).toEqual(['_sample_interval', 'blob1', 'blob2', 'blob3', 'double1', 'index1', 'timestamp']);
      // Seconds only, no finer: not a join key.
      expect(row['timestamp']).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    }
    const written = JSON.stringify([rows, worker.points]);
    for (const value of ['203.0.113', '198.51.100', 'Mozilla', 'ReaderPhone', 'reader-secret', 'partner.example', 'reader-42', 'ar-EG']) {
      expect(written).not.toContain(value);
    }
  });

  it.each([
    ['an id without a partner file', 'no-such-partner'],
    ['a paused partner', PAUSED],
  ])('answers events for %s with 204 and records nothing', async (_, partner) => {
    const before = worker.points.length;

    const response = await worker.fetch('/v1/events', beacon({ type: 'impression', partner, headlines: ['slug-a'] }));

    expect(response.status).toBe(204);
    expect(worker.points.length).toBe(before);
    expect((await storedRows()).filter((row) => row['index1'] === partner)).toEqual([]);
  });

  it('counts a partner limited to some sites from those sites and from no browser, and refuses other sites with 403', async () => {
    const before = worker.points.length;
    const send = (headers: Record<string, string>) => worker.fetch('/v1/events', beacon({ type: 'click', partner: LIMITED, headline: 'slug-a' }, headers));

    const allowed = await send({ Origin: LIMITED_ORIGIN });
    const noBrowser = await send({});
    const elsewhere = await send({ Origin: 'https://evil.example' });
    const opaque = await send({ Origin: 'null' });

    expect([allowed.status, noBrowser.status]).toEqual([204, 204]);
    for (const refused of [elsewhere, opaque]) {
      expect(refused.status).toBe(403);
      expect((await readProblem(refused)).type).toMatch(/\/problems\/origin-not-allowed$/);
    }
    expect(worker.points.length - before).toBe(2);
  });

  const badBodies: Array<[string, unknown, string]> = [
    ['an unknown field', { type: 'click', partner: 'acme', headline: 'slug-a', page: 'https://x.example' }, 'page'],
    ['a client-set count', { type: 'impression', partner: 'acme', headlines: ['slug-a'], count: 1000 }, 'count'],
    ['a reader id', { type: 'click', partner: 'acme', headline: 'slug-a', id: 'reader-1' }, 'id'],
    ['a timestamp', { type: 'click', partner: 'acme', headline: 'slug-a', timestamp: 1_700_000_000_000 }, 'timestamp'],
    ['an unknown type', { type: 'view', partner: 'acme', headline: 'slug-a' }, 'type'],
    ['no type', { partner: 'acme', headline: 'slug-a' }, 'type'],
    ['no partner', { type: 'click', headline: 'slug-a' }, 'partner'],
    ['a partner id with capitals', { type: 'click', partner: 'ACME', headline: 'slug-a' }, 'partner'],
    ['a partner id of 41 characters', { type: 'click', partner: 'a'.repeat(41), headline: 'slug-a' }, 'partner'],
    ['a partner id that is a number', { type: 'click', partner: 7, headline: 'slug-a' }, 'partner'],
    ['an encoded partner id', { type: 'click', partner: 'acme%2F..', headline: 'slug-a' }, 'partner'],
    ['a headline that is not a slug', { type: 'click', partner: 'acme', headline: '<script>' }, 'headline'],
    ['a click with headlines', { type: 'click', partner: 'acme', headlines: ['slug-a'] }, 'headline'],
    ['an impression of no headlines', { type: 'impression', partner: 'acme', headlines: [] }, 'headlines'],
    ['an impression of 51 headlines', { type: 'impression', partner: 'acme', headlines: Array.from({ length: 51 }, (_, i) => `s-${i}`) }, 'headlines'],
    ['headlines as a string', { type: 'impression', partner: 'acme', headlines: 'slug-a' }, 'headlines'],
    ['a headline that is a number', { type: 'impression', partner: 'acme', headlines: ['slug-a', 5] }, 'headlines.1'],
    ['an array', [{ type: 'click', partner: 'acme', headline: 'slug-a' }], 'body'],
    ['null', null, 'body'],
    ['text that is not JSON', 'type=click&partner=acme', 'body'],
    ['an empty body', '', 'body'],
    ['a __proto__ key', '{"type":"click","partner":"acme","headline":"slug-a","__proto__":{"count":9}}', '__proto__'],
    ['a field spelled twice', '{"type":"click","partner":"acme","headline":"slug-a","partner":"Other Partner"}', 'partner'],
  ];

  it.each(badBodies)('refuses %s with a 400 problem naming it, and counts nothing', async (_, body, field) => {
    const before = worker.points.length;

    const response = await worker.fetch('/v1/events', beacon(typeof body === 'string' ? body : JSON.stringify(body)));

    expect(response.status).toBe(400);
    const problem = await readProblem(response);
    expect(problem.type).toMatch(/\/problems\/invalid-request$/);
    expect(problem.errors?.map((error) => error.name)).toContain(field);
    expect(problem.errors?.every((error) => error.in === 'body')).toBe(true);
    expect(worker.points.length).toBe(before);
  });

  it('refuses bytes that are not UTF-8 with a 400', async () => {
    const body = new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    const response = await worker.fetch('/v1/events', { method: 'POST', body, headers: { 'Content-Type': 'text/plain;charset=UTF-8' } });

    expect(response.status).toBe(400);
    expect((await readProblem(response)).errors?.[0]).toMatchObject({ in: 'body', name: 'body' });
  });

  it('refuses a body over 2 KiB with 413, by its Content-Length and by the bytes read when none is given', async () => {
    const partner = freshPartner();
    const big = JSON.stringify({ type: 'click', partner, headline: 'slug-a', pad: 'x'.repeat(2100) });
    const stream = () =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          // 3 KiB in small chunks, and no Content-Length: only counting the bytes can stop it.
          for (let i = 0; i < 12; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(256)));
          controller.close();
        },
      });

    const declared = await worker.fetch('/v1/events', beacon(big));
    const streamed = await worker.fetch('/v1/events', { method: 'POST', body: stream(), headers: { 'Content-Type': 'text/plain;charset=UTF-8' } });

    for (const response of [declared, streamed]) {
      expect(response.status).toBe(413);
      expect((await readProblem(response)).type).toMatch(/\/problems\/payload-too-large$/);
    }
    expect((await statsFor(partner)).clicks).toBe(0);
  });

  it('takes a body of exactly 2 KiB', async () => {
    const partner = freshPartner();
    const headlines = Array.from({ length: 50 }, (_, i) => `headline-${String(i).padStart(2, '0')}-${'x'.repeat(20)}`);
    let body = JSON.stringify({ type: 'impression', partner, headlines });
    body = body.padEnd(2048, ' ');

    const response = await worker.fetch('/v1/events', beacon(body));

    expect(new TextEncoder().encode(body).byteLength).toBe(2048);
    expect(response.status).toBe(204);
    expect((await statsFor(partner)).byHeadline).toHaveLength(50);
  });

  it.each([
    ['application/json', 'application/json'],
    ['form data', 'application/x-www-form-urlencoded'],
    ['another charset', 'text/plain;charset=ISO-8859-1'],
    ['no type', undefined],
  ])('refuses %s with 415', async (_, contentType) => {
    const headers: Record<string, string> = contentType === undefined ? {} : { 'Content-Type': contentType };
    const response = await worker.fetch('/v1/events', { method: 'POST', body: new TextEncoder().encode('{"type":"click","partner":"acme","headline":"slug-a"}'), headers });

    expect(response.status).toBe(415);
    expect((await readProblem(response)).type).toMatch(/\/problems\/unsupported-media-type$/);
  });

  it('answers a preflight with POST allowed, is readable cross-origin, and is POST only', async () => {
    const preflight = await worker.fetch('/v1/events', {
      method: 'OPTIONS',
      headers: { Origin: 'https://partner.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    const posted = await worker.fetch('/v1/events', beacon({ type: 'click', partner: freshPartner(), headline: 'slug-a' }, { Origin: 'https://partner.example' }));
    const get = await worker.fetch('/v1/events');

    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('POST,OPTIONS');
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
    expect(posted.headers.get('access-control-allow-origin')).toBe('*');
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST, OPTIONS');
  });

  it('bounds a burst from one reader with 429, and not the next reader', async () => {
    const partner = freshPartner();
    const event = () => beacon({ type: 'click', partner, headline: 'slug-a' }, { 'CF-Connecting-IP': '192.0.2.10' });
    const statuses: number[] = [];
    // 30 per 10 s per key: a fixed window may reset once during the burst, so up to 61 requests are sent.
    for (let i = 0; i < 61 && !statuses.includes(429); i++) statuses.push((await worker.fetch('/v1/events', event())).status);

    expect(statuses.slice(0, 30).every((status) => status === 204)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    const limited = await worker.fetch('/v1/events', event());
    const other = await worker.fetch('/v1/events', beacon({ type: 'click', partner, headline: 'slug-a' }, { 'CF-Connecting-IP': '192.0.2.11' }));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('10');
    expect((await readProblem(limited)).type).toMatch(/\/problems\/too-many-requests$/);
    expect(other.status).toBe(204);
  });
});
