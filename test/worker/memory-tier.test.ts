import { describe, expect, it } from 'vitest';
import { MemoryTier } from '../../worker/cache/memory-tier.ts';
import type { StoredResponse } from '../../worker/cache/stored-response.ts';

const entry = (body: string): StoredResponse => ({ body, headers: [], storedAt: 0 });

describe('the isolate memory tier', () => {
  it('forgets an entry once its freshness has run out', () => {
    const memory = new MemoryTier(4);
    memory.set('k', entry('a'), 1000);

    expect(memory.get('k', 999)?.body).toBe('a');
    expect(memory.get('k', 1000)).toBeUndefined();
    expect(memory.get('k', 0)).toBeUndefined(); // gone for good, not merely hidden
  });

  it('holds at most its bound, dropping the least recently used first', () => {
    const memory = new MemoryTier(2);
    memory.set('a', entry('a'), Infinity);
    memory.set('b', entry('b'), Infinity);
    memory.get('a', 0);

    memory.set('c', entry('c'), Infinity);

    expect(memory.get('b', 0)).toBeUndefined();
    expect(memory.get('a', 0)?.body).toBe('a');
    expect(memory.get('c', 0)?.body).toBe('c');
  });
});
