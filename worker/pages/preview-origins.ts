/**
 * The partner preview must run on another origin than the embed, or it proves nothing about CORS and
 * isolation. One `wrangler dev` answers on both loopback names, and to a browser `localhost:8787` and
 * `127.0.0.1:8787` are different origins: each page names the other. A deployed worker has one name.
 */
export function otherLoopbackOrigin(url: URL): string {
  const swapped = url.hostname === 'localhost' ? '127.0.0.1' : url.hostname === '127.0.0.1' ? 'localhost' : url.hostname;
  return `${url.protocol}//${swapped}${url.port ? `:${url.port}` : ''}`;
}
