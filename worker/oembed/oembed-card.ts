/**
 * What an article's oEmbed answer is made of, whatever size was asked: its slug, title, source and picture.
 * This, not the answer, is what the response cache keeps, once per article URL. The answer is then rendered
 * for the exact maxwidth/maxheight asked (width, thumbnail), so a client varying them, some 10¹⁰ pairs, makes
 * no new cache entries and costs no KV reads, and each answer is still exact.
 */
import * as v from 'valibot';
import { Article } from '../../content/schema.ts';

export const OembedCard = v.pick(Article, ['slug', 'title', 'source', 'image']);
export type OembedCard = v.InferOutput<typeof OembedCard>;

export function toOembedCard(article: Article): OembedCard {
  const { slug, title, source, image } = article;
  return image ? { slug, title, source, image } : { slug, title, source };
}
