import { AsyncLocalStorage } from 'node:async_hooks';
import { AbstractLogger, type LogLevel, type LogMessage, type QueryRunner } from 'typeorm';
import type { Logger } from '../logging/logger';

const background = new AsyncLocalStorage<true>();

/**
 * Runs background work (the outbox relay, event consumers) so that its statements are not
 * counted against whatever request happens to be measured at the same moment.
 */
export function runInBackground<T>(work: () => Promise<T>): Promise<T> {
  return background.run(true, work);
}

/**
 * A TypeORM logger that counts the SQL statements a data source sends, so tests can prove
 * that an operation's statement count does not grow with page or batch size.
 * It also logs slow and failed queries through pino.
 */
export class CountingLogger extends AbstractLogger {
  private count = 0;

  constructor(private readonly sink?: Logger) {
    super(['query', 'error', 'warn', 'schema', 'migration']);
  }

  get statements(): number {
    return this.count;
  }

  reset(): void {
    this.count = 0;
  }

  override logQuery(query: string, parameters?: unknown[], queryRunner?: QueryRunner): void {
    if (!background.getStore()) this.count += 1;
    super.logQuery(query, parameters, queryRunner);
  }

  protected writeLog(level: LogLevel, message: LogMessage | LogMessage[]): void {
    if (!this.sink) return;
    const messages = Array.isArray(message) ? message : [message];
    for (const entry of messages) {
      if (level === 'query') {
        if (this.sink.isLevelEnabled('trace')) this.sink.trace({ sql: entry.message }, 'query');
      } else if (level === 'error' || entry.type === 'query-error') {
        this.sink.error({ sql: entry.message }, 'query failed');
      } else if (entry.type === 'query-slow') {
        // TypeORM sends the statement and then its time as a second entry; the first has both.
        if (entry.prefix === 'execution time') continue;
        this.sink.warn({ sql: entry.message, ms: entry.additionalInfo?.time }, 'slow query');
      } else if (level === 'migration' || level === 'schema') {
        this.sink.info(String(entry.message));
      }
    }
  }
}
