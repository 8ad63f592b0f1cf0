/**
 * The oEmbed 1.0 `rich` response: an iframe of one of our frame pages, sized within the consumer's
 * maxwidth/maxheight. Frames keep the host page's CSS out; the sandbox lets the carousel run and its links
 * open a new tab, and nothing else (no same-origin access, no top navigation, no forms).
 */
import { html } from 'hono/html';
import { CAROUSEL_HEIGHT_PX } from '../../widget/embed-options.ts';
import type { OembedCard } from './oembed-card.ts';

export interface Size {
  width: number;
  height: number;
}

/** Natural sizes in CSS pixels. The carousel's height is fixed (the widget reserves it); width is fluid. */
export const CAROUSEL_FRAME: Size = { width: 600, height: CAROUSEL_HEIGHT_PX };
export const ARTICLE_FRAME: Size = { width: 480, height: 150 };
/** Narrower than this, neither embed is readable. */
export const MIN_WIDTH = 280;

/** The size that honours the consumer's limits, or why none can. */
export function fit(natural: Size, maxwidth?: number, maxheight?: number): { ok: true; size: Size } | { ok: false; reason: string } {
  if (maxwidth !== undefined && maxwidth < MIN_WIDTH) {
    return { ok: false, reason: `This embed needs at least ${MIN_WIDTH} px of width; maxwidth=${maxwidth} leaves too little.` };
  }
  if (maxheight !== undefined && maxheight < natural.height) {
    return { ok: false, reason: `This embed is ${natural.height} px tall; maxheight=${maxheight} leaves too little.` };
  }
  return { ok: true, size: { width: Math.min(natural.width, maxwidth ?? natural.width), height: natural.height } };
}

export interface OembedResponse {
  version: '1.0';
  type: 'rich';
  provider_name: string;
  provider_url: string;
  title: string;
  html: string;
  width: number;
  height: number;
  cache_age: number;
  author_name?: string;
  thumbnail_url?: string;
  thumbnail_width?: number;
  thumbnail_height?: number;
}

export interface RichEmbed {
  frameUrl: string;
  title: string;
  size: Size;
  providerUrl: string;
  cacheAge: number;
  article?: Pick<OembedCard, 'source' | 'image'>;
  /** The consumer's limits, which the thumbnail must respect as well. */
  maxwidth?: number | undefined;
  maxheight?: number | undefined;
}

export async function richResponse(embed: RichEmbed): Promise<OembedResponse> {
  const { width, height } = embed.size;
  const iframe = await html`<iframe src="${embed.frameUrl}" width="${width}" height="${height}" title="${embed.title}" loading="lazy" frameborder="0" sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"></iframe>`;
  const response: OembedResponse = {
    version: '1.0',
    type: 'rich',
    provider_name: 'khabar',
    provider_url: embed.providerUrl,
    title: embed.title,
    html: iframe.toString(),
    width,
    height,
    cache_age: embed.cacheAge,
  };
  const article = embed.article;
  if (article) {
    response.author_name = article.source;
    // oEmbed: a thumbnail must respect maxwidth/maxheight too; one that would not is left out.
    const image = article.image;
    if (image && (embed.maxwidth ?? Infinity) >= image.width && (embed.maxheight ?? Infinity) >= image.height) {
      response.thumbnail_url = image.src;
      response.thumbnail_width = image.width;
      response.thumbnail_height = image.height;
    }
  }
  return response;
}
