/**
 * Numbers and relative dates in the reader's language, by the platform's Intl (no date library).
 * `digits` picks the numbering system: `arab` (٣) or `latn` (3).
 */
import type { Messages } from './messages.ts';

export type Digits = 'arab' | 'latn';

/**
 * Largest unit first: a date is told in the largest unit it spans («قبل ساعتين», not «قبل ١٢٠ دقيقة»). Days are the
 * largest: a headline list is news, and «قبل ٤٠ يومًا» is exact where «قبل شهر» is vague.
 */
const UNITS: ReadonlyArray<readonly [Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
];

export interface Formatter {
  /** `iso` relative to now, e.g. «قبل ٣ دقائق» / "3 minutes ago"; "" for a date that does not parse. */
  ago(iso: string): string;
  /** A slide's position, e.g. «٢ من ٦». */
  position(index: number, total: number): string;
}

export function formatter(lang: string, digits: Digits, words: Messages, now = Date.now()): Formatter {
  const locale = `${lang}-u-nu-${digits}`;
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const number = new Intl.NumberFormat(locale);
  return {
    ago(iso) {
      const seconds = (Date.parse(iso) - now) / 1000;
      if (Number.isNaN(seconds)) return '';
      for (const [unit, size] of UNITS) {
        if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
      }
      return relative.format(0, 'second');
    },
    position: (index, total) => `${number.format(index + 1)} ${words.of} ${number.format(total)}`,
  };
}
