import { z } from 'zod';
import { errors } from './domain-error';

/**
 * Validates client input with a zod schema. Every problem is reported, each with the
 * dotted path of its field prefixed by `prefix` (usually "input"), as BAD_USER_INPUT.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, prefix = 'input'): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw errors.invalid(
    result.error.issues.map((issue) => ({
      field: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'),
      message: issue.message,
    })),
  );
}

/** The PostgreSQL error fields that domain code maps to CONFLICT. */
export interface PostgresError {
  code?: string;
  constraint?: string;
}

export function postgresError(error: unknown): PostgresError | undefined {
  const candidate = (error as { driverError?: PostgresError })?.driverError ?? (error as PostgresError);
  return candidate && typeof candidate === 'object' && typeof candidate.code === 'string' ? candidate : undefined;
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const pg = postgresError(error);
  return pg?.code === '23505' && (constraint === undefined || pg.constraint === constraint);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids come from clients: anything that is not a UUID cannot name a row, and must not reach SQL as one. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

const trimmed = (min: number, max: number, what: string) =>
  z
    .string()
    .transform((value) => value.trim())
    .pipe(z.string().min(min, min === 1 ? `${what} cannot be empty.` : `${what} needs at least ${min} characters.`).max(max, `${what} can have at most ${max} characters.`));

/** An optional free-text field: blank means "none". */
const optionalText = (max: number, what: string) =>
  z
    .string()
    .transform((value) => value.trim())
    .pipe(z.string().max(max, `${what} can have at most ${max} characters.`))
    .transform((value) => (value === '' ? null : value))
    .nullish();

/** Free-text fields, trimmed, with their limits named in the message. */
export const text = { trimmed, optional: optionalText };
