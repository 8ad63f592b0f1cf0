/**
 * Load on loopback with autocannon, bounded in time. autocannon's own latency histogram keeps whole milliseconds,
 * too coarse for a worker that answers in one or two; so every response's time (hrtime, sub-millisecond) is
 * recorded here from its `response` event, and the percentiles are computed from those.
 */
/// <reference path="./types/autocannon.d.ts" />
import autocannon from 'autocannon';
import { percentileOfSorted } from './stats.ts';

export interface LoadOptions {
  /** Seconds of load. */
  seconds: number;
  connections: number;
}

export interface LoadResult {
  requests: number;
  /** Successful responses per second over the run. */
  rps: number;
  p50Ms: number;
  p99Ms: number;
}

export async function load(url: string, options: LoadOptions): Promise<LoadResult> {
  let samples = new Float64Array(1 << 16);
  let count = 0;
  let failed = 0;
  const instance = autocannon({ url, connections: options.connections, duration: options.seconds, timeout: 5 });
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (statusCode < 200 || statusCode > 299) {
      failed += 1;
      return;
    }
    if (count === samples.length) {
      const grown = new Float64Array(samples.length * 2);
      grown.set(samples);
      samples = grown;
    }
    samples[count++] = responseTime;
  });
  const result = await instance;
  if (failed > 0 || result.non2xx > 0) throw new Error(`${url}: ${Math.max(failed, result.non2xx)} responses were not 2xx`);
  if (result.errors > 0) throw new Error(`${url}: ${result.errors} connection errors (${result.timeouts} timeouts)`);
  if (count === 0) throw new Error(`${url}: no responses in ${options.seconds} s`);
  const latencies = samples.subarray(0, count).sort();
  return {
    requests: count,
    rps: count / result.duration,
    p50Ms: percentileOfSorted(latencies, 50, `${url} p50`),
    p99Ms: percentileOfSorted(latencies, 99, `${url} p99`),
  };
}
