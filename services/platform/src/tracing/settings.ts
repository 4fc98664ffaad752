import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { env, parseEnv } from '../config/env';

/**
 * The tracing settings, under the standard OpenTelemetry names rather than Praxis ones, so a
 * collector's usual instructions apply unchanged. They get their own small schema here rather than
 * in a process's env.ts because the preload parses them before any service module is loaded (an
 * env.ts would load the modules the instrumentation has to patch first), and because every process
 * reads the same ones. The SDK and the OTLP exporter read these variables again themselves, with
 * the many others the specification defines (headers, TLS, batch sizes, resource attributes); this
 * schema checks the ones that decide whether traces are sent, where and how often, so a typo stops
 * start-up naming the variable instead of being a diagnostic warning nobody reads.
 */
const PROTOCOLS = ['http/protobuf', 'http/json', 'grpc'] as const;
const SAMPLERS = ['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'] as const;
const EXPORTERS = ['otlp', 'zipkin', 'console', 'none'] as const;

export const tracingEnv = z.object({
  OTEL_SDK_DISABLED: env.bool(false),
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: env.httpUrl().optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: env.httpUrl().optional(),
  OTEL_EXPORTER_OTLP_PROTOCOL: z.enum(PROTOCOLS).optional(),
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: z.enum(PROTOCOLS).optional(),
  OTEL_TRACES_EXPORTER: env
    .list()
    .pipe(z.array(z.enum(EXPORTERS, { message: `each must be one of ${EXPORTERS.join(', ')}` })))
    .optional(),
  OTEL_TRACES_SAMPLER: z.enum(SAMPLERS).optional(),
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).optional(),
});

export type TracingEnv = z.infer<typeof tracingEnv>;

export interface TracingSettings {
  /** Off unless an OTLP endpoint or a trace exporter is named, and not switched off. */
  enabled: boolean;
  /** service.name: OTEL_SERVICE_NAME, else the process's own service (`gateway`, `membership`…). */
  serviceName: string;
  /** Where spans go, for the start-up line; the exporter works it out the same way. */
  destination: string;
}

/**
 * What the preload should do, from the environment and the process's entry file. Throws a
 * ConfigError naming the variable when a setting is malformed.
 */
export function tracingSettings(source: Record<string, string | undefined>, entry: string | undefined): TracingSettings {
  const value = parseEnv(tracingEnv, source);
  const exporters = value.OTEL_TRACES_EXPORTER?.filter((name) => name !== 'none') ?? [];
  const endpoint = value.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? (value.OTEL_EXPORTER_OTLP_ENDPOINT ? `${value.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/$/, '')}/v1/traces` : undefined);
  const none = value.OTEL_TRACES_EXPORTER?.length === 1 && value.OTEL_TRACES_EXPORTER[0] === 'none';
  const enabled = !value.OTEL_SDK_DISABLED && !none && (endpoint !== undefined || exporters.length > 0);
  const protocol = value.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? value.OTEL_EXPORTER_OTLP_PROTOCOL ?? 'http/protobuf';
  return {
    enabled,
    serviceName: value.OTEL_SERVICE_NAME ?? serviceOfEntry(entry),
    destination: (exporters.length > 0 ? exporters : ['otlp']).map((name) => (name === 'otlp' ? `otlp ${protocol} ${endpoint ?? 'http://localhost:4318/v1/traces'}` : name)).join(', '),
  };
}

/**
 * The service a process runs, from the package its entry file belongs to: `@praxis/membership`
 * is `membership`, as in the metrics' `service` label. A script outside a Praxis package is
 * `praxis`, and so is one of `@praxis/scripts`: `npm start` runs every service in its one process.
 */
export function serviceOfEntry(entry: string | undefined): string {
  let dir = entry ? dirname(entry) : undefined;
  while (dir && dir !== dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const name = (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name ?? '';
      const match = /^@praxis\/(.+)$/.exec(name);
      return match && match[1] !== 'scripts' ? match[1]! : 'praxis';
    }
    dir = dirname(dir);
  }
  return 'praxis';
}
