import { redirect, type LoaderFunctionArgs, type RouteObject } from 'react-router';
import type { Session } from '../session/session';
import { RouteError } from './RouteError';

// Each screen is its own chunk, loaded when its route is first visited, so sign-in and the
// shell stay small.
const page = (load: () => Promise<{ default: React.ComponentType }>) => async () => ({ Component: (await load()).default });

/** Where to go back to after signing in: a path inside the app, never another site. */
export function safeReturnPath(from: string | null): string {
  return from && from.startsWith('/') && !from.startsWith('//') ? from : '/';
}

export function createRoutes(session: Session): RouteObject[] {
  // A reload loses the in-memory access token: trade the refresh cookie for a new one before
  // any signed-in screen renders.
  async function requireSession({ request }: LoaderFunctionArgs) {
    if (session.signedIn || (await session.restore())) return null;
    const from = new URL(request.url).pathname.replace(/^\/admin/, '') || '/';
    return redirect(`/sign-in?from=${encodeURIComponent(from)}`);
  }

  async function signInLoader({ request }: LoaderFunctionArgs) {
    const url = new URL(request.url);
    const back = safeReturnPath(url.searchParams.get('from'));
    if (session.signedIn) return redirect(back);
    // After a lost session or a sign-out the cookie is gone too; asking again would only fail.
    if (!url.searchParams.has('ended') && !url.searchParams.has('signedOut') && (await session.restore())) return redirect(back);
    return null;
  }

  return [
    { path: '/sign-in', loader: signInLoader, lazy: page(() => import('../session/SignInPage')), errorElement: <RouteError /> },
    {
      id: 'signed-in',
      loader: requireSession,
      shouldRevalidate: () => false,
      lazy: page(() => import('./Layout')),
      errorElement: <RouteError />,
      children: [
        { index: true, lazy: page(() => import('../home/HomePage')) },
        { path: 'communities/:communityId/join-requests', lazy: page(() => import('../join-requests/JoinRequestsPage')) },
        { path: 'communities/:communityId/members', lazy: page(() => import('../members/MembersPage')) },
        { path: 'communities/:communityId/moderation/*', lazy: page(() => import('../moderation/ModerationPage')) },
        { path: 'communities/:communityId/library/*', lazy: page(() => import('../library/LibraryPage')) },
        { path: 'settings/notifications', lazy: page(() => import('../notifications/NotificationSettingsPage')) },
        { path: '*', lazy: page(() => import('./NotFoundPage')) },
      ],
    },
  ];
}
