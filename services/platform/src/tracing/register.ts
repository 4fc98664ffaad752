/**
 * The tracing preload: `node --import @praxis/platform/tracing/register dist/main.js` (or the same
 * flag to tsx). Instrumentation works by patching modules as they are first required, so the SDK
 * has to start before the process's own code loads http, undici, graphql or pg; a preload is the
 * one place that is sure to. With no OTEL_* settings it does nothing and loads no SDK.
 */
import { isMainThread } from 'node:worker_threads';
import { ConfigError } from '../config/env';
import { startTracing } from './sdk';
import { tracingSettings } from './settings';

// Worker threads inherit the preload with the rest of execArgv: pino's log transports (one per
// logger, under `npm start`'s pretty logs) would each start an SDK of their own, for no requests.
if (isMainThread) {
  try {
    // The one read of process.env outside an env.ts: it has to happen before any of them is loaded.
    const settings = tracingSettings(process.env, process.argv[1]);
    if (settings.enabled) {
      startTracing(settings);
      process.stderr.write(`${JSON.stringify({ level: 30, time: new Date().toISOString(), service: settings.serviceName, msg: 'tracing on', exporter: settings.destination })}\n`);
    }
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // As a process's own bad setting is reported: the message names the variable, no stack.
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
