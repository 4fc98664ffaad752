import { outcome, type Result } from './subgraph-test';

/** Every kind of viewer an authorization test runs an operation as; membership's `newCast` makes one of each. */
export const VIEWER_KINDS = ['anonymous', 'nonMember', 'member', 'moderator', 'coordinator', 'admin', 'analyst', 'banned'] as const;
export type ViewerKind = (typeof VIEWER_KINDS)[number];

/**
 * What a viewer gets: 'OK', or the error code. A case whose allowed answer can still show less
 * names that with a word in capitals from its judge: 'NONE' when nothing comes back.
 */
export type Outcome = string;
export type Expectations = Partial<Record<ViewerKind, Outcome>>;

/** The outcome of an answer: its first error's code, else the judge's word for its data, else 'OK'. */
export function judged(result: Result, judge?: (data: Record<string, unknown>) => Outcome): Outcome {
  const code = outcome(result);
  return code === 'OK' && judge ? judge(result.data ?? {}) : code;
}

/**
 * One test per viewer kind named in `expected`, in the order of VIEWER_KINDS: `act` runs the case
 * as that kind and answers with a result (judged by `judge`) or an outcome it worked out itself.
 */
export function viewerMatrix(expected: Expectations, act: (kind: ViewerKind) => Promise<Result | Outcome>, judge?: (data: Record<string, unknown>) => Outcome): void {
  const rows = VIEWER_KINDS.filter((kind) => expected[kind] !== undefined).map((kind) => [kind, expected[kind]!] as const);
  test.each(rows)('as %s: %s', async (kind, want) => {
    const answer = await act(kind);
    expect([kind, typeof answer === 'string' ? answer : judged(answer, judge)]).toEqual([kind, want]);
  });
}

/** Every kind gets the same outcome. */
export const everyone = (value: Outcome): Record<ViewerKind, Outcome> => Object.fromEntries(VIEWER_KINDS.map((kind) => [kind, value])) as Record<ViewerKind, Outcome>;

/** The rules the subgraphs share for a members-only community, as expectations. */
const readers = { ...everyone('FORBIDDEN'), anonymous: 'UNAUTHENTICATED', member: 'OK', moderator: 'OK', coordinator: 'OK', admin: 'OK' };
const moderators = { ...readers, member: 'FORBIDDEN' };
export const rules = {
  /** Its members and the network's admins. */
  readers,
  /** Its members, not the network's admins. */
  participants: { ...readers, admin: 'FORBIDDEN' },
  moderators,
  coordinators: { ...moderators, moderator: 'FORBIDDEN' },
  admins: { ...everyone('FORBIDDEN'), anonymous: 'UNAUTHENTICATED', admin: 'OK' },
  /** A mutation's target the viewer may not see is NOT_FOUND to them (ADR 8). */
  onTarget: (rule: Expectations): Expectations => ({ ...rule, nonMember: 'NOT_FOUND', banned: 'NOT_FOUND', analyst: 'NOT_FOUND' }),
  /** A read by id answers null ('NONE') to whoever may not see its target (ADR 8). */
  byId: (rule: Expectations): Expectations => ({ ...rule, anonymous: 'NONE', nonMember: 'NONE', banned: 'NONE', analyst: 'NONE' }),
};
