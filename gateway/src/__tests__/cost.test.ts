import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { REPO_ROOT } from '@praxis/platform';
import {
  buildSchema,
  GraphQLError,
  Kind,
  parse,
  print,
  validate,
  visit,
  type DocumentNode,
  type OperationDefinitionNode,
  type VariableDefinitionNode,
} from 'graphql';
import { costLimitPlugin, DEFAULT_MAX_COST, operationCost } from '../cost';
import { ADMIN_APP_OPERATIONS, REAL_OPERATIONS } from './operations/real-operations';

/** The client schema `npm run compose` writes from the supergraph: what the gateway serves. */
const schema = buildSchema(readFileSync(resolve(REPO_ROOT, 'schema/api.graphql'), 'utf8'));

function operationOf(document: DocumentNode): OperationDefinitionNode {
  return document.definitions.find((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION)!;
}

function cost(query: string, variables: Record<string, unknown> = {}): number {
  const document = parse(query);
  expect(validate(schema, document)).toEqual([]);
  return operationCost(schema, document, operationOf(document), variables);
}

/** The same operation with every literal `first`/`last` sent as a variable, as Apollo Client's fetchMore does. */
function withPageVariables(query: string, variables: Record<string, unknown> = {}): { query: string; variables: Record<string, unknown> } {
  const values: Record<string, unknown> = { ...variables };
  const definitions: VariableDefinitionNode[] = [];
  const rewritten = visit(parse(query), {
    Argument(node) {
      if ((node.name.value !== 'first' && node.name.value !== 'last') || node.value.kind !== Kind.INT) return undefined;
      const name = `page${definitions.length}`;
      values[name] = Number(node.value.value);
      definitions.push({ kind: Kind.VARIABLE_DEFINITION, variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: name } }, type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: 'Int' } } });
      return { ...node, value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: name } } };
    },
  });
  const withDefinitions = visit(rewritten, {
    OperationDefinition(node) {
      return { ...node, variableDefinitions: [...(node.variableDefinitions ?? []), ...definitions] };
    },
  });
  return { query: print(withDefinitions), variables: values };
}

const aliased = (count: number, selection: string) => Array.from({ length: count }, (_, index) => `a${index}: ${selection}`).join('\n');

/** Shapes that ask for far more than any page shows, each of which the old configuration let through. */
const ABUSIVE: { name: string; query: string; variables?: Record<string, unknown> }[] = [
  {
    // What rendered 1,560 post bodies: lists nested without `first`, each a page of 20, times aliases.
    name: 'aliases x nested lists without first (post bodies)',
    query: `{ ${aliased(5, 'networks { nodes { communities { nodes { recentDiscussionThreads { nodes { openingPost { bodyHtml } replies { nodes { bodyHtml } } } } } } } }')} }`,
  },
  {
    name: 'aliases x forums x threads x replies without first',
    query: `query ($id: ID!) { ${aliased(3, 'community(id: $id) { discussionForums { nodes { threads { nodes { replies { nodes { bodyHtml author { displayName } } } } } } } }')} }`,
    variables: { id: 'c' },
  },
  {
    name: 'first: $n with n = 100, three lists deep',
    query: `query ($n: Int) { networks(first: $n) { nodes { communities(first: $n) { nodes { members(first: $n) { nodes { member { displayName } } } } } } } }`,
    variables: { n: 100 },
  },
  {
    name: 'fragments spreading big lists',
    query: `query ($n: Int) { networks(first: $n) { nodes { ...Communities } } }
      fragment Communities on Network { communities(first: $n) { nodes { recentDiscussionThreads(first: $n) { nodes { ...Post } } } } }
      fragment Post on DiscussionThread { title openingPost { bodyHtml } }`,
    variables: { n: 100 },
  },
];

const NETWORKS_AND_COMMUNITIES = REAL_OPERATIONS.find((operation) => operation.name === 'networks and their communities')!;

describe('every real operation passes with room to spare', () => {
  test.each(REAL_OPERATIONS.map((operation) => [operation.name, operation] as const))('%s', (_name, operation) => {
    const literal = cost(operation.query, operation.variables);
    expect(literal).toBeGreaterThan(0);
    expect(literal * 1.5).toBeLessThanOrEqual(DEFAULT_MAX_COST);
    const paged = withPageVariables(operation.query, operation.variables);
    expect(cost(paged.query, paged.variables)).toBe(literal);
  });
});

describe("every operation of the admin app passes, at the largest pages it could ask for", () => {
  test('the app has operations to check', () => expect(ADMIN_APP_OPERATIONS.length).toBeGreaterThan(20));

  test.each(ADMIN_APP_OPERATIONS.map((operation) => [operation.name, operation] as const))('%s', (_name, operation) => {
    const worst = cost(operation.query, operation.variables);
    expect(worst).toBeGreaterThan(0);
    expect(worst * 1.5).toBeLessThanOrEqual(DEFAULT_MAX_COST);
  });
});

describe('abusive shapes are refused', () => {
  test.each(ABUSIVE.map((operation) => [operation.name, operation] as const))('%s', (_name, operation) => {
    expect(cost(operation.query, operation.variables)).toBeGreaterThan(DEFAULT_MAX_COST * 1.5);
  });
});

describe('the graphql-armor cost limit it replaces', () => {
  const old = new ApolloArmor({
    maxDepth: { n: 12 },
    maxAliases: { n: 30 },
    maxDirectives: { n: 50 },
    maxTokens: { enabled: false },
    costLimit: { maxCost: 25_000, objectCost: 2, scalarCost: 1, depthCostFactor: 1.5, ignoreIntrospection: true },
  }).protect();
  const refusedByOld = (query: string) => validate(schema, parse(query), [...old.validationRules] as never).map((error) => error.message);

  test.each(ABUSIVE.map((operation) => [operation.name, operation] as const))('let through %s', (_name, operation) => {
    expect(refusedByOld(operation.query)).toEqual([]);
  });

  test('refused networks with their communities, which costs a fraction of the new limit', () => {
    expect(refusedByOld(NETWORKS_AND_COMMUNITIES.query)).toEqual([expect.stringMatching(/Query Cost limit of 25000 exceeded/)]);
    expect(cost(NETWORKS_AND_COMMUNITIES.query)).toBe(1 + 20 * (1 + 1 + 50 * (1 + 5)));
  });
});

describe('the cost model', () => {
  const communities = (first: string) => `{ networks(first: 2) { nodes { communities${first} { nodes { id name } } } } }`;

  test('a connection multiplies its page, not its totals: first, else the default page, never above the maximum', () => {
    // networks: connection 1 + 2 networks; each: connection 1 + n communities of 1 object + 2 scalars.
    expect(cost(communities('(first: 5)'))).toBe(1 + 2 * (1 + 1 + 5 * 3));
    expect(cost(communities(''))).toBe(1 + 2 * (1 + 1 + 20 * 3));
    expect(cost(communities('(first: 5000)'))).toBe(1 + 2 * (1 + 1 + 100 * 3));
    expect(cost(communities('(last: 7)'))).toBe(1 + 2 * (1 + 1 + 7 * 3));
    expect(cost(communities('(first: 0)'))).toBe(1 + 2 * 2);
    expect(cost(`{ networks(first: 3) { pageInfo { hasNextPage endCursor } } }`)).toBe(1 + 1 + 2);
  });

  test('a page size given as a variable counts as sent, or as its default when it is not sent', () => {
    const query = `query ($n: Int = 30) { networks(first: $n) { nodes { id } } }`;
    expect(cost(query, { n: 4 })).toBe(1 + 4 * 2);
    expect(cost(query)).toBe(1 + 30 * 2);
    expect(cost(query, { n: null })).toBe(1 + 20 * 2);
    expect(cost(`query ($n: Int) { networks(first: $n) { nodes { id } } }`)).toBe(1 + 20 * 2);
  });

  test('edges and nodes both count the page; a short list counts ten; rendered HTML counts ten', () => {
    expect(cost(`{ networks(first: 3) { edges { cursor node { id } } nodes { id } } }`)).toBe(1 + 3 * (1 + 1 + 1 + 1) + 3 * 2);
    expect(cost(`query ($id: ID!) { event(id: $id) { speakers { name } } }`, { id: 'e' })).toBe(1 + 10 * 2);
    expect(cost(`query ($id: ID!) { discussionPost(id: $id) { bodyHtml bodyMarkdown } }`, { id: 'p' })).toBe(1 + 10 + 1);
  });

  test('aliases count each; fragments count where they are spread; introspection costs nothing', () => {
    const one = cost(`{ networks(first: 10) { nodes { id } } }`);
    expect(cost(`{ a: networks(first: 10) { nodes { id } } b: networks(first: 10) { nodes { id } } }`)).toBe(2 * one);
    expect(cost(`{ networks(first: 10) { nodes { ...N } } } fragment N on Network { id }`)).toBe(one);
    expect(cost(`{ networks(first: 10) { nodes { ... on Network { id } id } } }`)).toBe(one);
    expect(cost(`{ __typename __schema { types { name fields { name } } } }`)).toBe(0);
  });

  test("a report's periods come from its input", () => {
    const query = `query ($input: ParticipationReportInput!) { participationReport(input: $input) { buckets { label } } }`;
    const input = (from: string, to: string, granularity: string) => ({ input: { communityId: 'c', from, to, granularity } });
    expect(cost(query, input('2026-01-01', '2027-01-01', 'MONTH'))).toBe(1 + 12 * 2);
    expect(cost(query, input('2026-01-01', '2026-04-01', 'WEEK'))).toBe(1 + 14 * 2);
    expect(cost(query, input('2027-01-01', '2026-01-01', 'MONTH'))).toBe(1 + 1 * 2);
  });

  test('a fragment cycle, which validation refuses, cannot make the walk loop', () => {
    const document = parse(`{ networks { nodes { ...A } } } fragment A on Network { communities { nodes { network { ...A } } } }`);
    expect(operationCost(schema, document, operationOf(document), {})).toBeGreaterThan(DEFAULT_MAX_COST);
  });

  test('the walk stops once the limit is passed', () => {
    const abusive = ABUSIVE[0]!;
    const document = parse(abusive.query);
    expect(operationCost(schema, document, operationOf(document), {}, { stopAbove: 1000 })).toBeGreaterThan(1000);
  });
});

describe('the plugin', () => {
  async function resolve(query: string, variables: Record<string, unknown>, maxCost = DEFAULT_MAX_COST): Promise<unknown> {
    const listener = await costLimitPlugin(maxCost).requestDidStart!({} as never);
    const document = parse(query);
    return listener!.didResolveOperation!({ schema, document, operation: operationOf(document), request: { query, variables } } as never);
  }

  test('refuses an operation over the limit with QUERY_TOO_COMPLEX and status 400', async () => {
    const abusive = ABUSIVE.find((operation) => operation.name.startsWith('first: $n'))!;
    const refused = await resolve(abusive.query, abusive.variables!).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(GraphQLError);
    expect((refused as GraphQLError).extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', http: { status: 400 } });
    expect((refused as GraphQLError).message).toMatch(/^Query cost limit of 150000 exceeded/);
  });

  test('lets an ordinary operation through, and honours a configured limit', async () => {
    await expect(resolve(NETWORKS_AND_COMMUNITIES.query, {})).resolves.toBeUndefined();
    await expect(resolve(NETWORKS_AND_COMMUNITIES.query, {}, 5000)).rejects.toThrow(/limit of 5000/);
  });
});
