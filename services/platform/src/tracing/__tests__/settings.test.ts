import { join } from 'node:path';
import { REPO_ROOT } from '../../config/subgraphs';
import { ConfigError } from '../../config/env';
import { serviceOfEntry, tracingSettings } from '../settings';
import { spanName } from '../names';

const gatewayEntry = join(REPO_ROOT, 'gateway/dist/main.js');

test('tracing is off with no OTEL_* settings, and when switched off or told to export nowhere', () => {
  expect(tracingSettings({}, gatewayEntry).enabled).toBe(false);
  expect(tracingSettings({ OTEL_SERVICE_NAME: 'gateway', OTEL_TRACES_SAMPLER: 'always_on' }, gatewayEntry).enabled).toBe(false);
  expect(tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' }, gatewayEntry).enabled).toBe(false);
  expect(tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_TRACES_EXPORTER: 'none' }, gatewayEntry).enabled).toBe(false);
  // An empty value is how shells spell unset.
  expect(tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: '' }, gatewayEntry).enabled).toBe(false);
});

test('an endpoint, a traces endpoint or a named exporter turns tracing on, and says where spans go', () => {
  expect(tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }, gatewayEntry)).toEqual({ enabled: true, serviceName: 'gateway', destination: 'otlp http/protobuf http://collector:4318/v1/traces' });
  expect(tracingSettings({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://collector/traces', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }, gatewayEntry).destination).toBe('otlp http/json https://collector/traces');
  expect(tracingSettings({ OTEL_TRACES_EXPORTER: 'console' }, gatewayEntry)).toMatchObject({ enabled: true, destination: 'console' });
});

test('a malformed setting stops start-up naming the variable', () => {
  const problem = (source: Record<string, string>) => {
    try {
      tracingSettings(source, gatewayEntry);
    } catch (error) {
      if (error instanceof ConfigError) return error.problems.map((found) => found.variable);
      throw error;
    }
    return [];
  };
  expect(problem({ OTEL_TRACES_SAMPLER_ARG: '2' })).toEqual(['OTEL_TRACES_SAMPLER_ARG']);
  expect(problem({ OTEL_TRACES_SAMPLER: 'sometimes' })).toEqual(['OTEL_TRACES_SAMPLER']);
  expect(problem({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http' })).toEqual(['OTEL_EXPORTER_OTLP_PROTOCOL']);
  expect(problem({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toEqual(['OTEL_EXPORTER_OTLP_ENDPOINT']);
  expect(problem({ OTEL_TRACES_EXPORTER: 'otlp,jaeger' })[0]).toMatch(/^OTEL_TRACES_EXPORTER/);
});

test('service.name is the service of the package the entry file belongs to, unless OTEL_SERVICE_NAME says otherwise', () => {
  expect(serviceOfEntry(join(REPO_ROOT, 'services/membership/src/main.ts'))).toBe('membership');
  expect(serviceOfEntry(join(REPO_ROOT, 'services/events/dist/main.js'))).toBe('events');
  expect(serviceOfEntry(gatewayEntry)).toBe('gateway');
  expect(serviceOfEntry(undefined)).toBe('praxis');
  expect(tracingSettings({ OTEL_SERVICE_NAME: 'praxis-gateway-eu', OTEL_TRACES_EXPORTER: 'console' }, gatewayEntry).serviceName).toBe('praxis-gateway-eu');
});

test('span names carry bounded routes only, never a path with an id in it', () => {
  expect(spanName('POST', '/graphql')).toBe('POST /graphql');
  expect(spanName('POST', '/internal/access')).toBe('POST /internal/access');
  expect(spanName('POST', '/internal/members/deleted')).toBe('POST /internal/members/deleted');
  expect(spanName('GET', '/.well-known/jwks.json')).toBe('GET /.well-known/jwks.json');
  expect(spanName('GET', '/graphql?query=%7B__typename%7D')).toBe('GET /graphql');
  expect(spanName('GET', '/files/8a0d6c1e-2f4b-4c1a-9f0e-0b8e1d2c3a4b')).toBe('GET');
  expect(spanName('GET', '/calendars/abc123.ics')).toBe('GET');
});
