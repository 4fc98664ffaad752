import type * as Http from '@opentelemetry/instrumentation-http';
import type * as Undici from '@opentelemetry/instrumentation-undici';
import type * as GraphQL from '@opentelemetry/instrumentation-graphql';
import type * as Pg from '@opentelemetry/instrumentation-pg';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { isNoise, nameIncoming, spanName } from './names';

/* eslint-disable @typescript-eslint/no-require-imports -- required only once tracing is on, so a process without it never loads them */

/**
 * What is traced: requests in (http), calls out (undici, which the gateway's subgraph calls and
 * the services' calls to membership use; http for anything else), GraphQL parse, validate and
 * execute, and SQL. Outgoing calls and SQL are traced only inside a traced request, so job
 * polling, consumers and probes do not each make a trace of their own.
 */
export function instrumentations(): Instrumentation[] {
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof Http;
  const { UndiciInstrumentation } = require('@opentelemetry/instrumentation-undici') as typeof Undici;
  const { GraphQLInstrumentation } = require('@opentelemetry/instrumentation-graphql') as typeof GraphQL;
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof Pg;
  return [
    new HttpInstrumentation({
      ignoreIncomingRequestHook: (request) => isNoise(request.url ?? '/'),
      requireParentforOutgoingSpans: true,
      // Called for calls out too; only a request in (an IncomingMessage) has no `path`.
      requestHook: (span, request) => {
        if (!('path' in request)) nameIncoming(span, request);
      },
    }),
    new UndiciInstrumentation({
      requireParentforSpans: true,
      ignoreRequestHook: (request) => isNoise(request.path),
      requestHook: (span, request) => span.updateName(spanName(request.method, request.path)),
    }),
    new GraphQLInstrumentation({
      // Values in queries can be members' words; the default masks them, said here so it stays so.
      allowValues: false,
      // Fields answered from the parent object cost nothing; spans for them would bury the rest.
      ignoreTrivialResolveSpans: true,
      mergeItems: true,
      // Fields of each item of a page (`community.threads.nodes.*.author`, four names deep) fold
      // into their list's span: a report's thousands of rows would otherwise be thousands of spans.
      depth: 3,
    }),
    // Statement text only (parameters carry members' data), and no span per pool checkout.
    new PgInstrumentation({ requireParentSpan: true, enhancedDatabaseReporting: false, ignoreConnectSpans: true }),
  ] as Instrumentation[];
}
