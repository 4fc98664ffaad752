import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, tracingSettings } from '@praxis/platform';

/**
 * `npm start` traces as the built processes do: it loads the same preload before its own code,
 * which stays off, loading no SDK, until an OTEL_* exporter is named.
 */
const PRELOAD = '@praxis/platform/tracing/register';
const ENTRY = 'scripts/start.ts';
const start = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start!;
const args = start.split(/\s+/);

test('npm start loads the tracing preload after tsx and before its own code', () => {
  expect(args.slice(0, 2)).toEqual(['exec', 'node']);
  const preload = args.indexOf(PRELOAD);
  expect(preload).toBeGreaterThan(0);
  expect(args[preload - 1]).toBe('--import');
  // The preload is TypeScript under the praxis-source condition: tsx has to be loaded first.
  expect(preload).toBeGreaterThan(args.indexOf('tsx'));
  expect(preload).toBeGreaterThan(args.indexOf('--conditions=praxis-source'));
  expect(args[args.length - 1]).toBe(ENTRY);
});

test('its tracing is off unless an OTLP endpoint or an exporter is named, and its spans are the service praxis', () => {
  const entry = join(REPO_ROOT, ENTRY);
  expect(tracingSettings({}, entry).enabled).toBe(false);
  expect(tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, entry)).toMatchObject({ enabled: true, serviceName: 'praxis' });
  expect(tracingSettings({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' }, entry).enabled).toBe(true);
  expect(tracingSettings({ OTEL_TRACES_EXPORTER: 'console' }, entry).enabled).toBe(true);
});

test('with an exporter named, the flags npm start passes start the SDK before its own code runs, and not again in its worker threads', () => {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('OTEL_')));
  // What the OpenTelemetry API registers globally once an SDK has started.
  const started = "Boolean(globalThis[Symbol.for('opentelemetry.js.api.1')]?.trace)";
  // A worker from a file, as pino's log transports are, inherits the preload flags.
  const dir = mkdtempSync(join(tmpdir(), 'praxis-start-tracing-'));
  try {
    const worker = join(dir, 'worker.js');
    writeFileSync(worker, `require('node:worker_threads').parentPort.postMessage(${started});`);
    const probe = `new (require('node:worker_threads').Worker)(${JSON.stringify(worker)}).on('message', (inWorker) => process.stdout.write(${started} + ' ' + inWorker));`;
    const run = spawnSync(process.execPath, [...args.slice(2, -1), '-e', probe], { cwd: REPO_ROOT, env: { ...env, OTEL_TRACES_EXPORTER: 'console' }, encoding: 'utf8', timeout: 30_000 });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('true false');
    expect(run.stderr.match(/"msg":"tracing on"/g)).toHaveLength(1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
