/**
 * What may reach a log line. Praxis runs for health networks: a log must say what failed and
 * where, never whose data was involved. So values are dropped by the name of the field that
 * holds them (SQL parameters, request variables, bodies, addresses, secrets), recognisable
 * secrets are scrubbed out of free text (messages, statements, URLs), and every line is bounded:
 * one failed batch once logged 7,000 lines of member ids.
 */

export const CENSOR = '[redacted]';

export const LOG_LIMITS = {
  /** The longest line written, in characters, newline excluded. */
  line: 8192,
  string: 1000,
  stack: 2000,
  array: 10,
  keys: 40,
  depth: 5,
};

// Whole values that are members' data or secrets, whatever they hold. `detail` is PostgreSQL's
// "Failing row contains (…)" / "Key (email)=(…)"; `parameters` a statement's bound values.
const SECRET_KEY = new RegExp(
  '^(' +
    [
      'password', 'passwd', 'newpassword', 'currentpassword', 'secret', 'token', 'accesstoken', 'refreshtoken', 'apitoken', 'idtoken',
      'authorization', 'proxyauthorization', 'cookie', 'setcookie', 'xpraxisviewer', 'email', 'emails', 'emailaddress',
      'body', 'bodymarkdown', 'bodytext', 'bodyhtml', 'html', 'text', 'content', 'variables', 'parameters', 'params', 'detail', 'payload',
      'secondfactorcode', 'recoverycode', 'totp', 'otp',
    ].join('|') +
    ')$',
);
const SECRET_SUFFIX = /(password|secret|token)$/;

/** Objects libraries hang on errors: a pg client (its connection settings), a socket, a request. */
const ATTACHED = new Set(['client', 'connection', 'pool', 'socket', 'request', 'response', 'config']);

function isSecretKey(key: string): boolean {
  const plain = key.toLowerCase().replace(/[^a-z]/g, '');
  return SECRET_KEY.test(plain) || SECRET_SUFFIX.test(plain);
}

const SCRUBBERS: [RegExp, string][] = [
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g, '[email]'],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [redacted]'],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, '[token]'],
  [/\bprx_[A-Za-z0-9_-]+/g, '[token]'],
  // Opaque secrets are 43 base64url characters; identifiers and uuids are shorter or lower-case.
  [/(?<![A-Za-z0-9_-])(?=[A-Za-z0-9_-]*[A-Z])(?=[A-Za-z0-9_-]*[0-9])[A-Za-z0-9_-]{40,}(?![A-Za-z0-9_-])/g, '[token]'],
  [/([?&;](?:token|access_token|signature|sig|key|code|secret|x-amz-signature|x-amz-credential)=)[^&\s"']+/gi, '$1[redacted]'],
  [/(postgres(?:ql)?:\/\/[^:/@\s]+:)[^@\s]+@/gi, '$1[redacted]@'],
];

/** Free text with addresses and recognisable secrets replaced. */
export function scrub(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SCRUBBERS) out = out.replace(pattern, replacement);
  return out;
}

interface Walk {
  seen: WeakSet<object>;
  truncated: boolean;
}

function bounded(text: string, limit: number, walk: Walk): string {
  const clean = scrub(text);
  if (clean.length <= limit) return clean;
  walk.truncated = true;
  return `${clean.slice(0, limit)}…[truncated ${clean.length - limit} chars]`;
}

function errorFields(error: Error, depth: number, walk: Walk): Record<string, unknown> {
  const out: Record<string, unknown> = { type: error.constructor?.name ?? error.name, message: bounded(String(error.message ?? ''), LOG_LIMITS.string, walk) };
  if (error.name && error.name !== out.type) out.name = error.name;
  // TypeORM's QueryFailedError carries the statement's parameters and the driver's error with its
  // row `detail`; both go by name below, the rest (code, constraint, table) stays useful.
  for (const key of Object.keys(error)) {
    if (key === 'message' || key === 'stack' || ATTACHED.has(key)) continue;
    const item = (error as unknown as Record<string, unknown>)[key];
    if (item === undefined) continue;
    out[key] = isSecretKey(key) && item !== null ? CENSOR : sanitizeValue(item, depth + 1, walk);
  }
  if (error.cause !== undefined) out.cause = sanitizeValue(error.cause, depth + 1, walk);
  if (error.stack) out.stack = bounded(error.stack, LOG_LIMITS.stack, walk);
  return out;
}

function sanitizeValue(value: unknown, depth: number, walk: Walk): unknown {
  switch (typeof value) {
    case 'string':
      return bounded(value, LOG_LIMITS.string, walk);
    case 'bigint':
      return value.toString();
    case 'function':
    case 'symbol':
      return undefined;
    case 'object':
      break;
    default:
      return value;
  }
  if (value === null) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (ArrayBuffer.isView(value)) return `[binary ${value.byteLength} bytes]`;
  if (walk.seen.has(value)) return '[circular]';
  if (depth >= LOG_LIMITS.depth) {
    walk.truncated = true;
    return '[truncated: nested too deep]';
  }
  walk.seen.add(value);
  try {
    if (value instanceof Error) return errorFields(value, depth, walk);
    if (Array.isArray(value)) {
      const items = value.slice(0, LOG_LIMITS.array).map((item) => sanitizeValue(item, depth + 1, walk));
      if (value.length > LOG_LIMITS.array) {
        walk.truncated = true;
        items.push(`[truncated ${value.length - LOG_LIMITS.array} more items]`);
      }
      return items;
    }
    if (value instanceof Map || value instanceof Set) return `[${value.constructor.name} of ${value.size}]`;
    const out: Record<string, unknown> = {};
    const keys = Object.keys(value);
    for (const key of keys.slice(0, LOG_LIMITS.keys)) {
      if (ATTACHED.has(key)) continue;
      const item = (value as Record<string, unknown>)[key];
      out[key] = isSecretKey(key) && item !== null && item !== undefined ? CENSOR : sanitizeValue(item, depth + 1, walk);
    }
    if (keys.length > LOG_LIMITS.keys) {
      walk.truncated = true;
      out['…'] = `[truncated ${keys.length - LOG_LIMITS.keys} more keys]`;
    }
    return out;
  } finally {
    walk.seen.delete(value);
  }
}

/** An error as it may be logged: type, message, code and stack, no parameters, rows or clients. */
export function serializeError(error: unknown): unknown {
  return sanitizeValue(error, 0, { seen: new WeakSet(), truncated: false });
}

function summarise(message: Record<string, unknown>, walk: Walk): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ['id', 'method', 'url', 'statusCode']) {
    const value = message[key];
    if (typeof value === 'string') out[key] = bounded(value, LOG_LIMITS.string, walk);
    else if (typeof value === 'number') out[key] = value;
  }
  return out;
}

/** The fields of one log call, made safe; `truncated: true` says something was cut. */
export function sanitizeLogObject(object: Record<string, unknown>): Record<string, unknown> {
  const walk: Walk = { seen: new WeakSet(), truncated: false };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    // Fastify's request and reply: their useful parts are prototype getters, and their own
    // fields hold the socket and the raw message, so they are summarised, not walked.
    if ((key === 'req' || key === 'res') && value && typeof value === 'object' && !Array.isArray(value)) {
      out[key] = summarise(value as Record<string, unknown>, walk);
      continue;
    }
    out[key] = isSecretKey(key) && value !== null && value !== undefined ? CENSOR : sanitizeValue(value, 0, walk);
  }
  if (walk.truncated) out.truncated = true;
  return out;
}

/**
 * The last word on a line: free text scrubbed once more (the message, child bindings), and a
 * line still over the bound replaced by its essentials, marked `truncated`.
 */
export function boundLine(line: string): string {
  const newline = line.endsWith('\n') ? '\n' : '';
  const body = scrub(newline ? line.slice(0, -1) : line);
  if (body.length <= LOG_LIMITS.line) return body + newline;
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(body) as Record<string, unknown>;
  } catch {
    return JSON.stringify({ msg: body.slice(0, LOG_LIMITS.line / 2), truncated: true, bytes: body.length }) + newline;
  }
  const essentials: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value === 'string') essentials[key] = value.length > 200 ? `${value.slice(0, 200)}…` : value;
    else if (typeof value === 'number' || typeof value === 'boolean') essentials[key] = value;
  }
  const err = (parsed.err ?? parsed.error) as Record<string, unknown> | undefined;
  if (err && typeof err === 'object') {
    essentials.err = { type: err.type, code: err.code, message: typeof err.message === 'string' ? err.message.slice(0, 500) : undefined, stack: typeof err.stack === 'string' ? err.stack.slice(0, 1500) : undefined };
  }
  essentials.truncated = true;
  essentials.bytes = body.length;
  const compact = JSON.stringify(essentials);
  return (compact.length <= LOG_LIMITS.line ? compact : JSON.stringify({ level: parsed.level, time: parsed.time, msg: String(parsed.msg ?? '').slice(0, 200), truncated: true, bytes: body.length })) + newline;
}
