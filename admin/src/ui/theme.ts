import { Badge, createTheme, NavLink, Notification, type CSSVariablesResolver } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: 8,
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  components: {
    // A titled notification's text is grey-6 by default, under WCAG AA's 4.5:1 on white.
    Notification: Notification.extend({ styles: { description: { color: 'var(--mantine-color-gray-8)' } } }),
    // The light variant's active link, blue on pale blue, falls under 4.5:1 when hovered.
    NavLink: NavLink.extend({ defaultProps: { variant: 'filled' } }),
    // A badge is a word or two: in a table squeezed to fit, it keeps its width rather than reading "PENDI…".
    Badge: Badge.extend({ styles: { root: { minWidth: 'max-content' } } }),
  },
});

// Mantine's default dimmed grey and error red are under WCAG AA's 4.5:1 on white; darker shades pass.
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)', '--mantine-color-error': 'var(--mantine-color-red-9)' },
  dark: {},
});
