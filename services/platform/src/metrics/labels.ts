/**
 * Label values must come from a small, known set: every distinct value is a series Prometheus
 * keeps. Clients choose operation names, so a name is accepted only while the set of names seen
 * is small, and never when it looks like it carries an id.
 */
export const ANONYMOUS_OPERATION = 'anonymous';
export const OTHER_LABEL = 'other';
/** Requests refused before GraphQL ran whose operation name is missing or not yet known. */
export const REFUSED_OPERATION = '(refused)';

const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;
/** A run of digits or a long hex string: what ids, timestamps and hashes look like inside a name. */
const ID_LIKE = /\d{5,}|[0-9a-f]{12,}/i;
const NAME_MAX = 64;
const CODE = /^[A-Z][A-Z0-9_]{0,47}$/;

/** Admits up to `limit` distinct values; later newcomers share one "other" value. */
export class BoundedLabel {
  private readonly seen = new Set<string>();

  constructor(private readonly limit: number) {}

  admit(value: string): string {
    if (this.seen.has(value)) return value;
    if (this.seen.size >= this.limit) return OTHER_LABEL;
    this.seen.add(value);
    return value;
  }

  /** Whether the value was admitted already; asking adds nothing. */
  has(value: string): boolean {
    return this.seen.has(value);
  }
}

/** The label for an operation name: the name itself when it is a plain GraphQL name, "anonymous" without one. */
export function operationLabel(name: string | null | undefined, known: BoundedLabel): string {
  if (!name) return ANONYMOUS_OPERATION;
  if (!GRAPHQL_NAME.test(name) || ID_LIKE.test(name)) return OTHER_LABEL;
  return known.admit(name.slice(0, NAME_MAX));
}

/**
 * The label for the operation of a request refused before GraphQL ran: its name only when an
 * operation that ran already made that name a label. Refused requests are the ones anybody can
 * send in bulk (bad tokens, floods), so they never add a name of their own.
 */
export function refusedOperationLabel(name: unknown, known: BoundedLabel): string {
  if (typeof name !== 'string' || !GRAPHQL_NAME.test(name) || ID_LIKE.test(name)) return REFUSED_OPERATION;
  const label = name.slice(0, NAME_MAX);
  return known.has(label) ? label : REFUSED_OPERATION;
}

/** The label for an error's `extensions.code`: the registry's codes and the framework's, never free text. */
export function errorCodeLabel(code: unknown, known: BoundedLabel): string {
  if (typeof code !== 'string' || code === '') return 'INTERNAL_SERVER_ERROR';
  return CODE.test(code) ? known.admit(code) : OTHER_LABEL;
}
