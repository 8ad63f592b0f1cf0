import { describe, expect, it } from 'vitest';
import { MemoryTier } from '../../worker/cache/memory-tier.ts';
import type { StoredResponse } from '../../worker/cache/stored-response.ts';

/** An entry whose body takes `bytes` bytes in the isolate (two per UTF-16 unit). */
const entry = (body: string, bytes = 2): StoredResponse => ({ status: 200, body: body.padEnd(bytes / 2, '.'), headers: [], storedAt: 0 });

describe('the isolate memory tier', () => {
  it('forgets an entry once its freshness has run out', () => {
    const memory = new MemoryTier(1024);
    memory.set('k', entry('a'), 1000);

    expect(memory.get('k', 999)?.body).toBe('a');
    expect(memory.get('k', 1000)).toBeUndefined();
    expect(memory.get('k', 0)).toBeUndefined(); // gone for good, not merely hidden
  });

  it('holds at most its bound in bytes, dropping the least recently used first', () => {
    const memory = new MemoryTier(300);
    memory.set('a', entry('a', 100), Infinity);
    memory.set('b', entry('b', 100), Infinity);
    memory.set('c', entry('c', 100), Infinity);
    memory.get('a', 0);

    memory.set('d', entry('d', 200), Infinity);

    expect(memory.get('b', 0)).toBeUndefined();
    expect(memory.get('c', 0)).toBeUndefined();
    expect(memory.get('a', 0)?.body).toMatch(/^a/);
    expect(memory.get('d', 0)?.body).toMatch(/^d/);
  });

  it('does not hold a response larger than its whole bound, nor evict others for it', () => {
    const memory = new MemoryTier(300);
    memory.set('a', entry('a', 100), Infinity);

    memory.set('huge', entry('huge', 400), Infinity);

    expect(memory.get('huge', 0)).toBeUndefined();
    expect(memory.get('a', 0)?.body).toMatch(/^a/);
  });
});
