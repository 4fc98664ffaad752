import { RenderCache } from './render-cache';
import { renderHtml, renderText } from './render';

/**
 * Post bodies, resource summaries and event descriptions are rendered when their HTML or text is
 * asked for, and the same ones are asked for on every page view. A cache in this one package
 * rather than a stored column: a column would need a migration and a backfill in each of three
 * services' schemas, and a second backfill whenever the renderer or the sanitising policy
 * changes, while the cache is keyed by the Markdown itself, so an edit is a new key and a deploy
 * starts it empty with the policy of the day. Rendering is linear in the input, so a miss costs
 * milliseconds, not seconds. 16 MiB holds some hundreds of the longest posts and thousands of
 * ordinary ones in each process.
 */
const cache = new RenderCache(16 * 1024 * 1024);

/**
 * Renders member-written Markdown to HTML that is safe to insert into a page. The Markdown is
 * stored as written; this runs when the HTML is asked for.
 */
export function renderMarkdown(markdown: string): string {
  return cache.through('html', markdown, renderHtml);
}

/** Markdown reduced to plain text, for search snippets, email bodies and previews. */
export function markdownToText(markdown: string): string {
  return cache.through('text', markdown, renderText);
}
