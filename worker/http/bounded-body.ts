/** A request body read with a byte bound: past it, reading stops, whatever Content-Length said. */

export type Bounded = { ok: true; bytes: Uint8Array } | { ok: false; bytes: number };

/** Reads at most `limit` bytes; one more and it stops reading (and cancels the rest). */
export async function readBounded(body: ReadableStream<Uint8Array> | null, limit: number): Promise<Bounded> {
  if (body === null) return { ok: true, bytes: new Uint8Array() };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      return { ok: false, bytes: total };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { ok: true, bytes };
}
