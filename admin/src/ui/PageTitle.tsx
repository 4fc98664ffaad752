import { Title } from '@mantine/core';
import { useEffect, useRef } from 'react';

let firstPage = true;

/**
 * The page's heading and the document title. After a navigation, focus moves to the heading,
 * so screen-reader and keyboard users start at the new content, not at the old link.
 */
export function PageTitle({ children, title }: { children: React.ReactNode; title: string }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Praxis admin`;
    if (firstPage) firstPage = false;
    else heading.current?.focus();
  }, [title]);
  return (
    <Title order={1} ref={heading} tabIndex={-1} mb="md" style={{ outline: 'none' }}>
      {children}
    </Title>
  );
}
