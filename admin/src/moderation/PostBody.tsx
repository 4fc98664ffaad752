import { Typography } from '@mantine/core';

/**
 * A post as members read it, formatted. The HTML is the graph's `bodyHtml`, sanitised on the
 * server (no scripts, handlers or `javascript:` links), and the app's CSP refuses inline script
 * besides, so it is set as HTML rather than shown as raw Markdown.
 */
export function PostBody({ html }: { html: string | null }) {
  if (html === null) return <>This text is not shown.</>;
  return <Typography fz="sm" dangerouslySetInnerHTML={{ __html: html }} />;
}
