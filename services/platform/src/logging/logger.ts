import pino, { type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

export interface LoggerConfig {
  service: string;
  level: LoggerOptions['level'];
  /** Pretty output for a person at a terminal; JSON everywhere else. */
  pretty?: boolean;
}

/**
 * Errors are logged by pino's standard serializer, less what a library hangs on them: pg's pool
 * attaches the whole client (connection parameters, type parsers, buffers) to an idle client's
 * error, which made one shutdown warning hundreds of lines and named database roles.
 */
const ATTACHED = ['client', 'connection', 'pool', 'socket', 'request', 'response'];

function errorSerializer(error: unknown): unknown {
  const serialized = pino.stdSerializers.err(error as Error) as unknown as Record<string, unknown>;
  if (!serialized || typeof serialized !== 'object') return serialized;
  for (const key of ATTACHED) delete serialized[key];
  return serialized;
}

export function createLogger(config: LoggerConfig, destination?: pino.DestinationStream): Logger {
  const options: LoggerOptions = {
    level: config.level ?? 'info',
    base: { service: config.service },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Secrets must never reach the log, whatever a careless call passes in.
    redact: {
      paths: ['password', '*.password', 'token', '*.token', 'refreshToken', '*.refreshToken', 'headers.authorization', 'req.headers.authorization', '*.headers["x-praxis-viewer"]'],
      censor: '[redacted]',
    },
    serializers: { err: errorSerializer, error: errorSerializer },
    transport: config.pretty && !destination ? { target: 'pino-pretty', options: { singleLine: true, ignore: 'pid,hostname' } } : undefined,
  };
  return destination ? pino(options, destination) : pino(options);
}
