/**
 * The partner preview must run on another origin than the embed, or it proves nothing about CORS and
 * isolation. One `wrangler dev` answers on both loopback names (npm start lists both in PUBLIC_ORIGINS), and
 * to a browser `localhost:8787` and `127.0.0.1:8787` are different origins: each page names the other. A
 * deployed worker has one name, and so does any origin whose twin is not served: the page names itself.
 */
export function otherLoopbackOrigin(publicOrigin: string, served: readonly string[]): string {
  const url = new URL(publicOrigin);
  const swapped = url.hostname === 'localhost' ? '127.0.0.1' : url.hostname === '127.0.0.1' ? 'localhost' : url.hostname;
  const other = `${url.protocol}//${swapped}${url.port ? `:${url.port}` : ''}`;
  return served.includes(other) ? other : publicOrigin;
}
