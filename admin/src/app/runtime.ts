import { createBrowserRouter } from 'react-router';
import { createClient } from '../graphql/client';
import { Session } from '../session/session';
import { pageFocus } from '../ui/navigation';
import { createRoutes } from './routes';

/**
 * The app's three long-lived objects. A session that cannot be renewed sends the person to
 * sign-in with a message, and nothing of the previous viewer stays in the cache.
 */
export const session = new Session({
  fetch: (input, init) => window.fetch(input, init),
  now: () => Date.now(),
  onSessionLost: () => {
    void client.clearStore();
    const from = window.location.pathname.replace(/^\/admin/, '') || '/';
    void router.navigate(`/sign-in?ended=1&from=${encodeURIComponent(from)}`);
  },
});

export const client = createClient(session.fetch);

export const router = createBrowserRouter(createRoutes(session), { basename: '/admin' });

// Navigations count once the first page has loaded; redirects while loading it (to sign-in, say) do not.
let loaded = router.state.initialized;
router.subscribe((state) => {
  if (!loaded) loaded = state.initialized;
  else if (state.navigation.state === 'idle') pageFocus.navigated = true;
});
