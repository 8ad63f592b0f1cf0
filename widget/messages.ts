/**
 * The carousel's own words, per UI language (`lang` attribute). Headlines keep their own `lang`; these
 * strings label the controls around them.
 */
import { EN } from './messages-en.ts';

const AR = {
  label: 'أحدث العناوين',
  prev: 'العنوان السابق',
  next: 'العنوان التالي',
  stop: 'أوقف التدوير',
  start: 'شغّل التدوير',
  of: 'من',
  updated: 'حُدّث',
  stale: 'قد لا تكون هذه الأحدث',
  empty: 'لا عناوين الآن',
  error: 'تعذّر تحميل العناوين',
  retry: 'أعد المحاولة',
  breaking: 'عاجل',
};

export type Messages = { readonly [K in keyof typeof AR]: string };
export type UiLang = 'ar' | 'en';

/**
 * In the embed, `en` is filled in when the extras file arrives (carousel.component.ts waits for it before an
 * English carousel's first render); the embed build leaves messages-en.ts out of embed.js.
 */
export const MESSAGES: Record<UiLang, Messages> = { ar: AR, en: EN };

/** The UI language for a `lang` attribute: its primary subtag when we have words for it, else Arabic. */
export function uiLang(lang: string): UiLang {
  return /^en\b/i.test(lang) ? 'en' : 'ar';
}
