import pino, { type Logger, type LoggerOptions } from 'pino';
import { boundLine, CENSOR, sanitizeLogObject, serializeError } from './redact';

export type { Logger } from 'pino';
export { LOG_LIMITS, scrub, serializeError } from './redact';

export interface LoggerConfig {
  service: string;
  level: LoggerOptions['level'];
  /** Pretty output for a person at a terminal; JSON everywhere else. */
  pretty?: boolean;
}

/**
 * Paths pino censors outright. The sanitiser (./redact.ts) already drops these fields wherever
 * they sit; this list keeps the well-known places covered even if a log call bypasses it.
 */
const REDACT_PATHS = [
  'password', '*.password', 'token', '*.token', 'refreshToken', '*.refreshToken', 'accessToken', '*.accessToken',
  'email', '*.email', 'body', '*.body', 'variables', '*.variables', 'parameters', '*.parameters', '*.driverError.parameters', '*.driverError.detail',
  'headers.authorization', 'headers.cookie', 'req.headers.authorization', 'req.headers.cookie', '*.headers["x-praxis-viewer"]', '*.headers["set-cookie"]',
];

/**
 * Every line passes the sanitiser: errors lose what libraries hang on them (pg's client, a
 * QueryFailedError's parameters and row detail), members' data and secrets are censored by field
 * name and scrubbed from free text, and a line is never longer than LOG_LIMITS.line.
 */
export function createLogger(config: LoggerConfig, destination?: pino.DestinationStream): Logger {
  const options: LoggerOptions = {
    level: config.level ?? 'info',
    base: { service: config.service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: CENSOR },
    serializers: { err: serializeError, error: serializeError },
    formatters: { log: sanitizeLogObject },
    hooks: { streamWrite: boundLine },
    transport: config.pretty && !destination ? { target: 'pino-pretty', options: { singleLine: true, ignore: 'pid,hostname' } } : undefined,
  };
  return destination ? pino(options, destination) : pino(options);
}
