/**
 * Deterministic, URL-safe ASCII slugs for Arabic (and Latin) titles: a readable transliteration plus a
 * short hash of the exact title, because transliteration folds letters (ص and س both become "s").
 */
import { createHash } from 'node:crypto';

/** Base letters only: NFKD first splits hamza and madda forms (أ إ آ ؤ ئ) into a base letter and a mark. */
const ARABIC_TO_LATIN: Record<string, string> = {
  ا: 'a', ٱ: 'a', ء: '', ب: 'b', ت: 't', ث: 'th', ج: 'j', ح: 'h',
  خ: 'kh', د: 'd', ذ: 'dh', ر: 'r', ز: 'z', س: 's', ش: 'sh', ص: 's', ض: 'd', ط: 't', ظ: 'z', ع: '',
  غ: 'gh', ف: 'f', ق: 'q', ك: 'k', ل: 'l', م: 'm', ن: 'n', ه: 'h', و: 'w', ي: 'y', ى: 'a', ة: 'a',
  پ: 'p', چ: 'ch', ژ: 'zh', گ: 'g', ک: 'k', ی: 'y',
};

/** How much transliterated text a slug keeps before its hash. */
const READABLE_LENGTH = 60;

/** Arabic-Indic (٠-٩) and Extended Arabic-Indic (۰-۹) digits to ASCII digits; other text unchanged. */
export function toAsciiDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (d) => String((d.charCodeAt(0) - 0x0660) % 0x90));
}

export function slugify(title: string): string {
  const latin = [...toAsciiDigits(title).normalize('NFKD')]
    .map((ch) => ARABIC_TO_LATIN[ch] ?? ch)
    .join('')
    .replace(/[\u0300-\u036f\u064b-\u065f\u0670\u0640]/g, '') // Latin accents, Arabic harakat, tatweel
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const readable = latin.length <= READABLE_LENGTH ? latin : latin.slice(0, READABLE_LENGTH).replace(/-[^-]*$/, '');
  const hash = createHash('sha256').update(title.normalize('NFC')).digest('hex').slice(0, 6);
  return readable ? `${readable}-${hash}` : hash;
}
