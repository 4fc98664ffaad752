import { AsyncLocalStorage } from 'node:async_hooks';
import type { ServiceMetrics } from './registry';

const scope = new AsyncLocalStorage<ServiceMetrics>();

/**
 * Runs work on behalf of a service, so that shared code it calls (the mailer) counts into that
 * service's metrics without being handed them: `npm start` runs every service in one process,
 * each with its own registry.
 */
export function withServiceMetrics<T>(metrics: ServiceMetrics | undefined, work: () => Promise<T>): Promise<T> {
  return metrics ? scope.run(metrics, work) : work();
}

/** The metrics of the service whose work is running, if any. */
export function currentServiceMetrics(): ServiceMetrics | undefined {
  return scope.getStore();
}
