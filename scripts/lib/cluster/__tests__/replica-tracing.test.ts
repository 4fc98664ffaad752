import { spawnSync } from 'node:child_process';
import { REPO_ROOT, tracingSettings } from '@praxis/platform';
import { entryOf, tracingEnvOf } from '../replica';

/**
 * `npm run start:cluster` traces as `npm start` and the image do: each replica gets the standard
 * OTEL_* settings it was started with and loads the tracing preload before its own code.
 */
test('every OTEL_* setting reaches a replica, except one service name for all, and the resource names the replica', () => {
  const source = {
    OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
    OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
    OTEL_TRACES_SAMPLER_ARG: '0.25',
    OTEL_EXPORTER_OTLP_HEADERS: 'x-tenant=praxis',
    OTEL_SERVICE_NAME: 'one-name-for-all',
    OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=staging',
    DATABASE_URL: 'postgres://not-for-tracing',
    UNSET: undefined,
  };
  expect(tracingEnvOf(source, 'events#2')).toEqual({
    OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
    OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
    OTEL_TRACES_SAMPLER_ARG: '0.25',
    OTEL_EXPORTER_OTLP_HEADERS: 'x-tenant=praxis',
    OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=staging,service.instance.id=events#2',
  });
  expect(tracingEnvOf({ OTEL_TRACES_EXPORTER: 'console' }, 'gateway#1')).toEqual({ OTEL_TRACES_EXPORTER: 'console', OTEL_RESOURCE_ATTRIBUTES: 'service.instance.id=gateway#1' });
  // Without tracing settings a replica gets none, so its preload stays off.
  expect(tracingEnvOf({ PATH: '/usr/bin' }, 'membership#1')).toEqual({});
});

test("a replica's entry loads the tracing preload after tsx and before the service, which names its spans after itself", () => {
  const args = entryOf('services/events', 'source');
  const preload = args.indexOf('@praxis/platform/tracing/register');
  expect(args[preload - 1]).toBe('--import');
  expect(preload).toBeGreaterThan(args.indexOf('tsx'));
  expect(args.at(-1)).toMatch(/services\/events\/src\/main\.ts$/);
  expect(tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, args.at(-1)).serviceName).toBe('events');
});

test("with an exporter in the cluster's environment, a replica's flags and settings start the SDK before its own code", () => {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('OTEL_')));
  // What the OpenTelemetry API registers globally once an SDK has started.
  const probe = "process.stdout.write(String(Boolean(globalThis[Symbol.for('opentelemetry.js.api.1')]?.trace)))";
  const flags = entryOf('services/events', 'source').slice(0, -1);
  const run = (extra: Record<string, string>) => spawnSync(process.execPath, [...flags, '-e', probe], { cwd: REPO_ROOT, env: { ...env, ...extra }, encoding: 'utf8', timeout: 60_000 });
  const on = run(tracingEnvOf({ OTEL_TRACES_EXPORTER: 'console' }, 'events#1'));
  expect(on.status).toBe(0);
  expect(on.stdout).toBe('true');
  const off = run(tracingEnvOf({}, 'events#1'));
  expect(off.status).toBe(0);
  expect(off.stdout).toBe('false');
}, 90_000);
