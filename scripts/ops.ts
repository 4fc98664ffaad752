/**
 * `npm run ops -- <command>`: the operator's view of the event log and the job queues.
 *
 *   status [--json]                                  consumers' positions and lag, queue depths, failed jobs
 *   replay <service>:<consumer> --from <position>    apply the log again from there (publisher=n,… per publisher)
 *   retry <job id>                                   a failed job back into its queue
 *   retry --failed [--service <name>]                every failed job (of one service)
 *
 * A replay moves the consumer's positions back; its workers then apply the log again. Most
 * handlers are idempotent upserts, so replaying over what a projection holds is safe; those that
 * skip events they have seen (membership:member-activity) have a hook that empties them first,
 * and replay only from 0. Stop the service's workers while replaying: a batch in flight may
 * still write its own position after the reset.
 *
 * Against `npm start`'s PostgreSQL (running, or started on its data folder), DATABASE_URL, or a
 * database per service (<SERVICE>_DATABASE_URL for each, and EVENTLOG_DATABASE_URL).
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadServiceModules } from '@praxis/platform';
import { runOps } from './lib/ops/index';

const USAGE = `usage: npm run ops -- status [--json]
       npm run ops -- replay <service>:<consumer> --from <position | publisher=position,…>
       npm run ops -- retry <job id>
       npm run ops -- retry --failed [--service <name>]`;

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { json: { type: 'boolean' }, from: { type: 'string' }, failed: { type: 'boolean' }, service: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help || positionals.length === 0) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const services = loadServiceModules().map((module) => ({ name: module.name, schema: module.schema, jobSchema: module.jobSchema }));
  process.stdout.write(await runOps({ command: positionals, ...values }, services, process.env));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    const usage = error instanceof Error && error.name === 'UsageError';
    process.stderr.write(`${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}\n${usage ? `${USAGE}\n` : ''}`);
    process.exit(usage ? 2 : 1);
  },
);
