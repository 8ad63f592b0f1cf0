/**
 * The carousel's words in English. The embed loads them only for a carousel with `lang="en"`, in its extras file
 * (widget/extras.ts); the module build and the worker bundle them (widget/messages.ts).
 */
import type { Messages } from './messages.ts';

export const EN: Messages = {
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
  breaking: 'Breaking',
};
