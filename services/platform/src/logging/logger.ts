import pino, { type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

export interface LoggerConfig {
  service: string;
  level: LoggerOptions['level'];
  /** Pretty output for a person at a terminal; JSON everywhere else. */
  pretty?: boolean;
}

export function createLogger(config: LoggerConfig): Logger {
  return pino({
    level: config.level ?? 'info',
    base: { service: config.service },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Secrets must never reach the log, whatever a careless call passes in.
    redact: {
      paths: ['password', '*.password', 'token', '*.token', 'refreshToken', '*.refreshToken', 'headers.authorization', 'req.headers.authorization', '*.headers["x-praxis-viewer"]'],
      censor: '[redacted]',
    },
    transport: config.pretty ? { target: 'pino-pretty', options: { singleLine: true, ignore: 'pid,hostname' } } : undefined,
  });
}
