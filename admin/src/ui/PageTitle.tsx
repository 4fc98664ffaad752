import { Title } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router';
import { pageFocus } from './navigation';

let focusedPath: string | undefined;

/**
 * The page's heading and the document title. After a navigation to another page, focus moves to
 * the heading, so screen-reader and keyboard users start at the new content, not at the old link.
 * Changes that stay on the page, such as a tab or a filter in the address, leave focus alone.
 */
export function PageTitle({ children, title }: { children: React.ReactNode; title: string }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const { pathname } = useLocation();
  useEffect(() => {
    document.title = `${title} · Praxis admin`;
    if (!pageFocus.navigated) {
      focusedPath ??= pathname;
      return;
    }
    // A screen swaps its loading heading for the loaded one: follow it if focus was on the old one.
    const lost = document.activeElement === null || document.activeElement === document.body;
    if (focusedPath !== pathname || lost) {
      focusedPath = pathname;
      heading.current?.focus();
    }
  }, [title, pathname]);
  return (
    <Title order={1} ref={heading} tabIndex={-1} mb="md" style={{ outline: 'none' }}>
      {children}
    </Title>
  );
}
