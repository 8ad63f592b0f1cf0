/** `npm run build`: builds dist/ and prints the embed's version, integrity and sizes. */
import { buildWidget } from './build-widget.ts';

const embed = await buildWidget();
const { raw, gzip, brotli } = embed.bytes;
console.log(`embed ${embed.version}: ${raw} B raw, ${gzip} B gzip, ${brotli} B brotli; integrity ${embed.integrity}`);
console.log(`  + extras-${embed.extras.version}.js (only with autoplay or lang=en): ${embed.extras.bytes.brotli} B brotli`);
console.log(`  + count-${embed.count.version}.js (only with a partner, analytics on, no GPC): ${embed.count.bytes.brotli} B brotli`);
