import { replay, parseFrom } from './replay';
import { retry } from './retry';
import { parseOpsSettings, type OpsService } from './settings';
import { formatStatus, readStatus } from './status';
import { openTarget } from './target';

export { parseOpsSettings, type OpsService } from './settings';
export { openTarget, type OpsTarget } from './target';
export { readStatus, formatStatus, type Status } from './status';
export { replay, REPLAY_HOOKS } from './replay';
export { retry } from './retry';

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface OpsCommand {
  command: string[];
  json?: boolean;
  from?: string;
  failed?: boolean;
  service?: string;
}

/** Runs one command and answers what it prints. */
export async function runOps(input: OpsCommand, services: readonly OpsService[], env: Record<string, string | undefined>): Promise<string> {
  const [command, argument, ...rest] = input.command;
  if (rest.length > 0) throw new UsageError(`unexpected ${rest.join(' ')}`);
  // Settings first, so a wrong one is named before any database is touched.
  const settings = parseOpsSettings(env, services);
  const check = validate(command, argument, input);
  const target = await openTarget(settings, services);
  try {
    switch (check) {
      case 'status': {
        const status = await readStatus(target);
        return input.json ? `${JSON.stringify(status, null, 2)}\n` : formatStatus(status);
      }
      case 'replay': {
        const [service, consumer] = argument!.split(':') as [string, string];
        const result = await replay(target, { service, consumer, from: parseFrom(input.from!) });
        const lines = result.positions.map((change) => `  ${change.publisher}: ${change.before} → ${change.after}`);
        return `${service}:${consumer} replays from:\n${lines.join('\n')}\n${result.emptied ? 'Its projection was emptied first; it rebuilds as its workers catch up.\n' : 'Its handlers are idempotent: what it holds is overwritten as its workers catch up.\n'}`;
      }
      case 'retry': {
        const retried = await retry(target, argument ? { id: argument } : { failed: true, service: input.service });
        if (retried.length === 0) return 'No failed jobs.\n';
        return `Retrying ${retried.length} job${retried.length === 1 ? '' : 's'}:\n${retried.map((job) => `  ${job.service} ${job.queue} ${job.id}`).join('\n')}\n`;
      }
    }
  } finally {
    await target.close();
  }
}

function validate(command: string | undefined, argument: string | undefined, input: OpsCommand): 'status' | 'replay' | 'retry' {
  switch (command) {
    case 'status':
      if (argument) throw new UsageError(`status takes no argument (got ${argument})`);
      return 'status';
    case 'replay':
      if (!argument || !/^[^:]+:[^:]+$/.test(argument)) throw new UsageError('replay needs <service>:<consumer>');
      if (input.from === undefined) throw new UsageError('replay needs --from <position>');
      parseFrom(input.from);
      return 'replay';
    case 'retry':
      if (argument && (input.failed || input.service)) throw new UsageError('retry takes a job id or --failed, not both');
      if (!argument && !input.failed) throw new UsageError('retry needs a job id or --failed');
      if (input.service && !input.failed) throw new UsageError('--service goes with --failed');
      return 'retry';
    default:
      throw new UsageError(`unknown command ${command ?? ''}`);
  }
}
