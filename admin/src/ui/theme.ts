import { createTheme } from '@mantine/core';

// Mantine's default blue on white passes WCAG AA for text and controls; keep colours there.
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: 8,
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
});
