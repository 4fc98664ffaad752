/**
 * `npm run report -- --community <slug>|--network <slug> --from YYYY-MM-DD --to YYYY-MM-DD
 *   --by month --format csv|json|html --out FILE [--breakdown PARTICIPANT_TYPE ...]`
 *
 * Runs a participation report through the gateway with an analyst's (or coordinator's) API token
 * from PRAXIS_TOKEN or --token, and writes one tidy CSV (one row per period, measure and
 * breakdown cell), the JSON, or a self-contained HTML page with charts.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { env, parseEnv } from '@praxis/platform';
import { ReportError, runReport } from './lib/report/run';

const settings = parseEnv(
  z.object({ PRAXIS_GATEWAY_URL: env.httpUrl().default('http://localhost:4000/graphql'), PRAXIS_TOKEN: z.string().optional() }),
  process.env,
);

const usage = [
  'Usage: npm run report -- --community <[network/]slug> | --network <slug> --from YYYY-MM-DD --to YYYY-MM-DD --by week|month|quarter --format csv|json|html --out FILE',
  '  [--breakdown PARTICIPANT_TYPE|PROFESSION|REGION ...] [--token prx_... (else PRAXIS_TOKEN)] [--gateway URL (else PRAXIS_GATEWAY_URL)]',
].join('\n');

function parse() {
  try {
    return parseArgs({
      options: {
        community: { type: 'string' },
        network: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        by: { type: 'string', default: 'month' },
        format: { type: 'string', default: 'csv' },
        out: { type: 'string' },
        token: { type: 'string' },
        breakdown: { type: 'string', multiple: true },
        gateway: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    // An unknown or malformed option gets the usage, not a stack trace.
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${usage}\n`);
    process.exit(2);
  }
}

const { values } = parse();

async function main(): Promise<void> {
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const token = values.token ?? settings.PRAXIS_TOKEN;
  const problems = [
    !values.community && !values.network && 'give --community or --network',
    !values.from && 'give --from',
    !values.to && 'give --to',
    !values.out && 'give --out',
    !['week', 'month', 'quarter'].includes(values.by!) && '--by is week, month or quarter',
    !['csv', 'json', 'html'].includes(values.format!) && '--format is csv, json or html',
    !token && 'give an API token with the REPORTS scope in PRAXIS_TOKEN or --token',
  ].filter(Boolean);
  if (problems.length) {
    process.stderr.write(`${problems.join('; ')}.\n${usage}\n`);
    process.exit(2);
  }
  const started = performance.now();
  const steps = 3;
  let done = 0;
  const { rows } = await runReport({
    gatewayUrl: values.gateway ?? settings.PRAXIS_GATEWAY_URL,
    token: token!,
    community: values.community,
    network: values.network,
    from: values.from!,
    to: values.to!,
    by: values.by as 'month',
    format: values.format as 'csv',
    breakdowns: values.breakdown,
    out: values.out!,
    step: (message) => process.stdout.write(`[${(done += 1)}/${steps}] ${message}…\n`),
  });
  process.stdout.write(`Done in ${((performance.now() - started) / 1000).toFixed(1)} s: ${rows} rows.\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ReportError ? error.message : error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
