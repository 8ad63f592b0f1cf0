/** The benchmark's statistics: medians, percentiles, spread and ratios, and their refusal to make up a number. */
import { describe, expect, it } from 'vitest';
import { median, percentile, percentileOfSorted, ratio, summarize } from '../../bench/stats.ts';

describe('median', () => {
  it('is the middle value of an odd count, whatever the order', () => {
    expect(median([9, 1, 5])).toBe(5);
  });

  it('is the mean of the two middle values of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('refuses an empty sample instead of returning NaN', () => {
    expect(() => median([], 'edge req/s')).toThrow('edge req/s: no measurements');
  });

  it('refuses a sample holding NaN or Infinity', () => {
    expect(() => median([1, Number.NaN, 3], 'p50')).toThrow('p50: not a finite number (NaN)');
    expect(() => median([1, Number.POSITIVE_INFINITY])).toThrow(/not a finite number/);
  });
});

describe('summarize', () => {
  it('gives the median and the spread as min and max, with the count', () => {
    expect(summarize([12.6, 20, 15.1])).toEqual({ median: 15.1, min: 12.6, max: 20, n: 3 });
  });

  it('does not reorder the caller’s array', () => {
    const values = [3, 1, 2];

    summarize(values);

    expect(values).toEqual([3, 1, 2]);
  });
});

describe('percentile', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it('takes the nearest rank: p50 and p99 of 1…100 are 50 and 99, values some request took', () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
  });

  it('gives the only value of a one-element sample for any percentile', () => {
    expect(percentile([7], 1)).toBe(7);
    expect(percentile([7], 99)).toBe(7);
  });

  it('refuses percentiles outside (0, 100]', () => {
    expect(() => percentile(hundred, 0)).toThrow(RangeError);
    expect(() => percentile(hundred, 101)).toThrow(RangeError);
  });

  it('agrees with its sorted typed-array form, used for large latency samples', () => {
    const sorted = Float64Array.from(hundred);

    expect(percentileOfSorted(sorted, 99)).toBe(percentile(hundred, 99));
    expect(() => percentileOfSorted(new Float64Array(0), 50, 'p50')).toThrow('p50: no measurements');
  });
});

describe('ratio', () => {
  it('divides a measurement by its baseline', () => {
    expect(ratio(3000, 12000)).toBe(0.25);
  });

  it('refuses a baseline of zero or one that is not a number', () => {
    expect(() => ratio(1, 0, 'req/s vs constant')).toThrow('req/s vs constant: cannot divide 1 by 0');
    expect(() => ratio(1, Number.NaN)).toThrow(RangeError);
    expect(() => ratio(Number.NaN, 1)).toThrow(RangeError);
  });
});
