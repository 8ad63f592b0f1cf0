/**
 * The carousel's own words, per UI language (`lang` attribute). Headlines keep their own `lang`; these
 * strings label the controls around them.
 */
export const MESSAGES = {
  ar: {
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
  },
  en: {
    label: 'Latest headlines',
    prev: 'Previous headline',
    next: 'Next headline',
    stop: 'Stop rotation',
    start: 'Start rotation',
    of: 'of',
    updated: 'Updated',
    stale: 'May be out of date',
    empty: 'No headlines right now',
    error: 'Could not load headlines',
    retry: 'Try again',
  },
} as const;

export type UiLang = keyof typeof MESSAGES;
export type Messages = (typeof MESSAGES)[UiLang];

/** The UI language for a `lang` attribute: its primary subtag when we have words for it, else Arabic. */
export function uiLang(lang: string): UiLang {
  return /^en\b/i.test(lang) ? 'en' : 'ar';
}
