/**
 * The configurator page's script (/assets/configurator.js). The page works without it as a GET form; with it,
 * every change updates the snippet, the live frame, the partner links and the address bar together, the copy
 * button works, and under `npm start` the page follows content rebuilds and shows their problems.
 */
import type { PreviewStatus } from '../content/preview-status.ts';
import { type EmbedOptions, optionsQuery, readOptions, snippetFor } from './embed-options.ts';

/** The frame reloads this long after the last change, not on every keystroke. */
const FRAME_DELAY_MS = 300;
const POLL_MS = 1000;

const form = document.getElementById('options') as HTMLFormElement;
const code = document.querySelector<HTMLElement>('#snippet code')!;
const frame = document.getElementById('live') as HTMLIFrameElement;
const partnerLinks = document.querySelectorAll<HTMLAnchorElement>('#partner-ltr, #partner-rtl');
const copyButton = document.getElementById('copy') as HTMLButtonElement;
const copyStatus = document.getElementById('copy-status')!;
const contentStatus = document.getElementById('content-status')!;

let frameTimer: ReturnType<typeof setTimeout> | undefined;

function currentOptions(): EmbedOptions {
  const params = new URLSearchParams();
  for (const [name, value] of new FormData(form)) if (typeof value === 'string') params.set(name, value);
  // Invalid values fall back to defaults, exactly as the page does when they come in a URL.
  return readOptions(params);
}

function update(): void {
  const options = currentOptions();
  const query = optionsQuery(options);
  code.textContent = snippetFor(location.origin, options);
  copyStatus.textContent = '';
  for (const link of partnerLinks) {
    const url = new URL(link.href);
    url.search = `dir=${url.searchParams.get('dir')}${query ? `&${query}` : ''}`;
    link.href = url.href;
  }
  history.replaceState(null, '', query ? `/?${query}` : '/');
  clearTimeout(frameTimer);
  frameTimer = setTimeout(() => {
    const src = new URL(`/frames/carousel${query ? `?${query}` : ''}`, location.origin).href;
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

/** Only `npm start` answers /preview/status; a deployed worker's 404 ends the polling. */
async function followContent(seen?: number): Promise<void> {
  let status: PreviewStatus | undefined;
  try {
    const response = await fetch('/preview/status', { cache: 'no-store' });
    if (response.status === 404) return;
    if (response.ok) status = (await response.json()) as PreviewStatus;
  } catch {
    // The preview is restarting: keep asking.
  }
  if (status) {
    showProblems(status);
    // Setting src reloads whatever the frame shows (even an error page, which location.reload could not reach).
    if (seen !== undefined && status.ok && status.revision !== seen) frame.setAttribute('src', frame.src);
  }
  setTimeout(() => void followContent(status?.revision ?? seen), POLL_MS);
}

form.querySelector<HTMLButtonElement>('.apply')!.hidden = true;
form.addEventListener('input', update);
form.addEventListener('change', update);
form.addEventListener('submit', (event) => {
  event.preventDefault();
  update();
});
copyButton.addEventListener('click', () => void copy());
void followContent();
