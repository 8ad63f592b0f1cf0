/**
 * CSP hash sources (`'sha256-…'`) for the few inline styles the worker's markup carries, so pages that allow no
 * 'unsafe-inline' can allow exactly these. Computed once per text on first use: WebCrypto cannot run at a worker's
 * global scope.
 */
const hashes = new Map<string, Promise<string>>();

export function cspHash(text: string): Promise<string> {
  let hash = hashes.get(text);
  if (!hash) {
    hash = crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)).then((digest) => {
      let binary = '';
      for (const byte of new Uint8Array(digest)) binary += String.fromCharCode(byte);
      return `'sha256-${btoa(binary)}'`;
    });
    hashes.set(text, hash);
  }
  return hash;
}
