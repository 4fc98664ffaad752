/**
 * Whether the person has moved between pages since the app loaded. Until then focus stays where
 * the browser put it, so the first Tab reaches the skip link; after, each new page's heading takes
 * focus (ui/PageTitle.tsx). Set by the router's subscription in app/runtime.ts.
 */
export const pageFocus = { navigated: false };
