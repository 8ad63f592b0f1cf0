/** Dates on pages, in the article's language; Arabic with Arabic-Indic digits, as the carousel shows them. */
const formats = new Map<string, Intl.DateTimeFormat>();

export function formatDate(iso: string, lang: string): string {
  let format = formats.get(lang);
  if (!format) {
    const locale = lang.split('-')[0] === 'ar' ? `${lang}-u-nu-arab` : lang;
    // In UTC, said so: an edge page knows no reader's time zone, and a newsroom's readers span several.
    format = new Intl.DateTimeFormat(locale, {
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZone: 'UTC',
      timeZoneName: 'short',
    });
    formats.set(lang, format);
  }
  return format.format(new Date(iso));
}
