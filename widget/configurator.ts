/**
 * The configurator page's script (/assets/configurator.js). The page works without it as a GET form; with it,
 * every change updates the snippet, the live frame, the partner links and the address bar together, the copy
 * button works, and under `npm start` the page follows content rebuilds and shows their problems.
 */
import type { PreviewStatus } from '../content/preview-status.ts';
import {
  CONFIGURABLE_OPTIONS,
  type EmbedCode,
  type EmbedOptions,
  embedCodeFor,
  embedPreviewPath,
  isValidOption,
  optionsQuery,
  readCode,
  readOptions,
} from './embed-options.ts';
import { type KnownPartner, PARTNER_DEFAULT_OPTIONS, withoutPartnerDefaults } from './partner-defaults.ts';

/** The frame reloads this long after the last change, not on every keystroke. */
const FRAME_DELAY_MS = 300;
/** After a failed status request, the wait before the next. */
const POLL_MS = 1000;

const form = document.getElementById('options') as HTMLFormElement;
const code = document.querySelector<HTMLElement>('#snippet code')!;
const frame = document.getElementById('live') as HTMLIFrameElement;
const partnerLinks = document.querySelectorAll<HTMLAnchorElement>('#partner-ltr, #partner-rtl');
const copyButton = document.getElementById('copy') as HTMLButtonElement;
const copyStatus = document.getElementById('copy-status')!;
const contentStatus = document.getElementById('content-status')!;
const partnerField = form.elements.namedItem('partner') as HTMLInputElement;
const partnerStatus = document.getElementById('partner-status');

/** The known partners the page listed (content/partners/), with their defaults. */
const partners = new Map<string, KnownPartner>(
  [...document.querySelectorAll<HTMLOptionElement>('#known-partners option')].map((option) => {
    const defaults: KnownPartner['defaults'] = {};
    for (const name of PARTNER_DEFAULT_OPTIONS) if (option.dataset[name] !== undefined) defaults[name] = option.dataset[name];
    return [option.value, { id: option.value, name: option.label, paused: option.hasAttribute('data-paused'), defaults }];
  }),
);
let partnerShown = partnerField?.value.trim() ?? '';

/** Choosing a known partner fills its defaults in (the embed code then leaves them out, following its record). */
function fillPartnerDefaults(): void {
  const id = partnerField.value.trim();
  if (id === partnerShown) return;
  partnerShown = id;
  const partner = partners.get(id);
  if (partnerStatus) partnerStatus.hidden = !partner?.paused;
  for (const [name, value] of Object.entries(partner?.defaults ?? {})) {
    const control = form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null;
    if (control && value !== undefined) control.value = value;
  }
}

let frameTimer: ReturnType<typeof setTimeout> | undefined;

function currentParams(): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of new FormData(form)) if (typeof value === 'string') params.set(name, value);
  return params;
}

function currentOptions(): EmbedOptions {
  // Invalid values fall back to defaults, exactly as the page does when they come in a URL.
  return readOptions(currentParams());
}

function currentCode(): EmbedCode {
  return readCode(currentParams());
}

/**
 * Marks fields whose value the snippet cannot carry (it would silently use the default) and holds the copy
 * button until they are fixed, so nobody pastes a line that lost, say, their partner id.
 */
function checkFields(): boolean {
  let valid = true;
  for (const name of CONFIGURABLE_OPTIONS) {
    const control = form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null;
    if (!control) continue;
    const ok = isValidOption(name, control.value.trim());
    control.setCustomValidity(ok ? '' : 'قيمة غير صالحة');
    valid &&= ok;
  }
  copyButton.disabled = !valid;
  copyStatus.textContent = valid ? '' : 'صحّح الحقول المعلَّمة بالأحمر: السطر لا يتضمن قيمها بعد.';
  return valid;
}

function update(): void {
  if (partnerField) fillPartnerDefaults();
  checkFields();
  const options = withoutPartnerDefaults(currentOptions(), partners.get(partnerField?.value.trim() ?? ''));
  const chosen = currentCode();
  const query = optionsQuery(options);
  code.textContent = embedCodeFor(chosen, location.origin, options);
  for (const link of partnerLinks) {
    const url = new URL(link.href);
    url.search = `dir=${url.searchParams.get('dir')}${query ? `&${query}` : ''}`;
    link.href = url.href;
  }
  const address = [chosen === 'script' ? '' : `code=${chosen}`, query].filter(Boolean).join('&');
  history.replaceState(null, '', address ? `/?${address}` : '/');
  clearTimeout(frameTimer);
  frameTimer = setTimeout(() => {
    const src = new URL(embedPreviewPath(chosen, query), location.origin).href;
    if (frame.src !== src) frame.src = src;
  }, FRAME_DELAY_MS);
}

async function copy(): Promise<void> {
  const text = code.textContent ?? '';
  try {
    await navigator.clipboard.writeText(text);
    copyStatus.textContent = 'نُسخ';
  } catch {
    // Clipboard refused (permissions, or an insecure origin): leave the line selected for Ctrl+C.
    getSelection()?.selectAllChildren(code);
    copyStatus.textContent = 'السطر محدَّد: انسخه بـ Ctrl+C';
  }
}

/** The page rendered the box and its heading; only the list changes. */
function showProblems(status: PreviewStatus): void {
  contentStatus.hidden = status.ok;
  const items = status.problems.map((problem) => {
    const item = document.createElement('li');
    item.textContent = `${problem.file}: ${problem.path || '(file)'}: ${problem.message}`;
    return item;
  });
  contentStatus.querySelector('ul')!.replaceChildren(...items);
}

/**
 * Only `npm start` answers /preview/status; a deployed worker's 404 ends this. Each request waits until the
 * revision differs from the one seen, so an answer always means a change.
 */
async function followContent(seen?: number): Promise<void> {
  let status: PreviewStatus | undefined;
  try {
    const response = await fetch(`/preview/status${seen === undefined ? '' : `?after=${seen}`}`, { cache: 'no-store' });
    if (response.status === 404) return;
    if (response.ok) status = (await response.json()) as PreviewStatus;
  } catch {
    // The preview is restarting: ask again shortly.
  }
  if (status && status.revision !== seen) {
    showProblems(status);
    // Setting src reloads whatever the frame shows (even an error page, which location.reload could not reach).
    if (seen !== undefined && status.ok) frame.setAttribute('src', frame.src);
  }
  setTimeout(() => void followContent(status?.revision ?? seen), status ? 0 : POLL_MS);
}

form.querySelector<HTMLButtonElement>('.apply')!.hidden = true;
form.addEventListener('input', update);
form.addEventListener('change', update);
// The embed-code radios belong to the form (form="options") but sit outside it: their events never reach it.
document.querySelector('fieldset.codes')?.addEventListener('change', update);
form.addEventListener('submit', (event) => {
  event.preventDefault();
  update();
});
copyButton.addEventListener('click', () => void copy());
checkFields();
void followContent();
