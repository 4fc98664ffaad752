/**
 * Label values must come from a small, known set: every distinct value is a series Prometheus
 * keeps. Clients choose operation names, so a name is accepted only while the set of names seen
 * is small, and never when it looks like it carries an id.
 */
export const ANONYMOUS_OPERATION = 'anonymous';
export const OTHER_LABEL = 'other';

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
}

/** The label for an operation name: the name itself when it is a plain GraphQL name, "anonymous" without one. */
export function operationLabel(name: string | null | undefined, known: BoundedLabel): string {
  if (!name) return ANONYMOUS_OPERATION;
  if (!GRAPHQL_NAME.test(name) || ID_LIKE.test(name)) return OTHER_LABEL;
  return known.admit(name.slice(0, NAME_MAX));
}

/** The label for an error's `extensions.code`: the registry's codes and the framework's, never free text. */
export function errorCodeLabel(code: unknown, known: BoundedLabel): string {
  if (typeof code !== 'string' || code === '') return 'INTERNAL_SERVER_ERROR';
  return CODE.test(code) ? known.admit(code) : OTHER_LABEL;
}
