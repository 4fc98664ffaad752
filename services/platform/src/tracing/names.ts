import type { IncomingMessage } from 'node:http';
import type { Span } from '@opentelemetry/api';

/** Probes and scrapes, which would otherwise be most of the traces. */
export function isNoise(path: string): boolean {
  return path.startsWith('/health/') || path === '/metrics';
}

/**
 * A span's name from its method and path when the path names a route, never when it carries an
 * id: Praxis's bounded routes are /graphql, the internal ones and the key set. Others keep the method.
 */
export function spanName(method: string, path: string): string {
  const route = path.split('?')[0] ?? '';
  return /^\/(graphql|internal(\/[a-z-]+)+|\.well-known\/[a-z-]+\.json)$/.test(route) ? `${method} ${route}` : method;
}

export function nameIncoming(span: Span, request: IncomingMessage): void {
  span.updateName(spanName(request.method ?? 'GET', request.url ?? '/'));
}
