import type * as Sdk from '@opentelemetry/sdk-node';
import type * as Resources from '@opentelemetry/resources';
import { instrumentations } from './instrumentations';
import type { TracingSettings } from './settings';

interface Started {
  shutdown(): Promise<void>;
}

let started: Started | undefined;

/** How long a stopping process waits for its last spans to be accepted. */
const SHUTDOWN_MS = 2_000;

/**
 * Starts the OpenTelemetry SDK for this process: traces only (metrics are Prometheus, logs pino),
 * exported as the OTEL_* variables say, with HTTP, undici, GraphQL and pg instrumentation. It must
 * run before those modules are first required, which is why it is reached from the preload. The
 * SDK is required only here, so a process with tracing off never loads it.
 */
export function startTracing(settings: TracingSettings): void {
  if (started || !settings.enabled) return;
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded only when tracing is on */
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof Sdk;
  const { defaultResource, resourceFromAttributes } = require('@opentelemetry/resources') as typeof Resources;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const sdk = new NodeSDK({
    serviceName: settings.serviceName,
    resource: defaultResource().merge(resourceFromAttributes({ 'service.namespace': 'praxis' })),
    // An explicit empty list keeps the SDK from starting metric and log exporters of its own.
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: instrumentations(),
  });
  sdk.start();
  started = sdk;
}

/** Sends the spans still batched; called as the process stops. A no-op when tracing is off. */
export async function shutdownTracing(): Promise<void> {
  const running = started;
  started = undefined;
  if (!running) return;
  // The collector may be gone; losing the last batch must not hold the stop up or fail it.
  await Promise.race([running.shutdown().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, SHUTDOWN_MS).unref())]);
}

/** Whether this process sends traces. */
export function tracingStarted(): boolean {
  return started !== undefined;
}
