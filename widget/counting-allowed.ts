/**
 * Whether a carousel may count (issue 14): it names a partner, its page did not say `analytics="off"`, and the
 * reader's browser sends no Global Privacy Control signal. The element asks before it loads the counting file,
 * and count.ts again at every event, as a page may turn counting off after it began.
 */
export function countingAllowed(host: Element & { partner: string }): boolean {
  return !!host.partner && host.getAttribute('analytics') != 'off' && !(navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl;
}
