import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isCompositeType,
  isLeafType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  valueFromASTUntyped,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
  type DocumentNode,
} from 'graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, reportBuckets, type Granularity } from '@praxis/platform';

/**
 * What an operation costs: roughly the number of objects and fields its worst-case answer holds.
 * A list multiplies the cost of its selection by the number of items it can return, and nothing
 * else compounds, so a wide page costs what it returns and a nested one what its pages multiply to.
 */
export const COST_MODEL = {
  /** Each object in the answer. */
  objectCost: 1,
  /** Each scalar or enum field (a list of scalars counts once). */
  scalarCost: 1,
  /** A list that is not a connection and whose bound is not derived from arguments. */
  boundedListSize: 10,
  /** Leaf fields whose value is rendered per read (Markdown to HTML): each counts as this many. */
  renderedFieldCost: 10,
} as const;

/**
 * The default limit (LIMIT_MAX_COST). The heaviest real operation, a year's participation report
 * by week, costs about 98,000; nested lists at default page sizes with aliases cost millions.
 */
export const DEFAULT_MAX_COST = 150_000;

/**
 * Lists whose length follows from the arguments of the field that returns them (per parent type
 * and field). Whatever is not here and is not a connection's page is a short bounded list:
 * speakers, topics, facets, breakdown cells and the like.
 */
const DERIVED_LISTS: Record<string, (args: Record<string, unknown>) => number> = {
  'DiscussionThread.dailyViews': (args) => daysBetween(args.from, args.to, 400),
  'Resource.dailyStats': (args) => daysBetween(args.from, args.to, 366),
};

const RENDERED_FIELDS = new Set(['DiscussionPost.bodyHtml', 'DiscussionSearchHit.snippetHtml', 'Resource.summaryHtml', 'Event.descriptionHtml', 'EventPart.descriptionHtml']);

/** Deeper than any operation the depth limit lets through; only a fragment cycle gets here. */
const MAX_WALK_DEPTH = 64;
/** Field visits after which an operation is refused however cheap it looks. */
const MAX_VISITS = 100_000;

class Exceeded extends Error {}

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  variableDefaults: Map<string, ValueNode>;
  stopAbove: number;
  total: number;
  visits: number;
}

interface Collected {
  def: GraphQLField<unknown, unknown>;
  parent: GraphQLNamedType;
  nodes: FieldNode[];
}

/**
 * The cost of one operation of `document` with the request's variables. With `stopAbove`, the
 * walk stops as soon as the running total passes it and returns a number above it.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> = {},
  options: { stopAbove?: number } = {},
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const variableDefaults = new Map<string, ValueNode>();
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue) variableDefaults.set(definition.variable.name.value, definition.defaultValue);
  }
  const root = schema.getRootType(operation.operation);
  if (!root) return 0;
  const walk: Walk = { schema, fragments, variables, variableDefaults, stopAbove: options.stopAbove ?? Infinity, total: 0, visits: 0 };
  try {
    visit(walk, root, [operation.selectionSet], 1, undefined, 0);
  } catch (error) {
    if (error instanceof Exceeded) return Math.max(walk.total, walk.stopAbove + 1);
    throw error;
  }
  return walk.total;
}

function add(walk: Walk, amount: number): void {
  walk.total += amount;
  if (walk.total > walk.stopAbove) throw new Exceeded();
}

/**
 * Costs the fields selected on `type` (merged by response key, as execution merges them), each
 * object counted `multiplier` times. `listSize` is the length of this object's own lists when
 * the field that returned it decides it: a connection's page, a report's periods.
 */
function visit(walk: Walk, type: GraphQLNamedType, selectionSets: readonly SelectionSetNode[], multiplier: number, listSize: number | undefined, depth: number): void {
  if (depth > MAX_WALK_DEPTH) throw new Exceeded();
  for (const field of collect(walk, type, selectionSets).values()) {
    walk.visits += 1;
    if (walk.visits > MAX_VISITS) throw new Exceeded();
    const { def, parent, nodes } = field;
    const node = nodes[0]!;
    const coordinate = `${parent.name}.${def.name}`;
    const named = getNamedType(def.type);
    if (isLeafType(named)) {
      add(walk, multiplier * (RENDERED_FIELDS.has(coordinate) ? COST_MODEL.renderedFieldCost : COST_MODEL.scalarCost));
      continue;
    }
    const args = argumentValues(walk, node);
    const items = isListType(getNullableType(def.type)) ? listLength(coordinate, def, args, listSize) : 1;
    const count = multiplier * items;
    if (count === 0) continue;
    add(walk, count * COST_MODEL.objectCost);
    const selections = nodes.flatMap((each) => (each.selectionSet ? [each.selectionSet] : []));
    visit(walk, named, selections, count, childListSize(walk, def, named, args), depth + 1);
  }
}

function listLength(coordinate: string, def: GraphQLField<unknown, unknown>, args: Record<string, unknown>, listSize: number | undefined): number {
  if (listSize !== undefined) return listSize;
  const derived = DERIVED_LISTS[coordinate];
  if (derived) return derived(args);
  // Not in the client schema, but a schema that has it pays one object per representation.
  if (def.name === '_entities' && Array.isArray(args.representations)) return args.representations.length;
  return COST_MODEL.boundedListSize;
}

/** The length of the lists of the object a field returns, when the field's arguments decide it. */
function childListSize(walk: Walk, def: GraphQLField<unknown, unknown>, named: GraphQLNamedType, args: Record<string, unknown>): number | undefined {
  if (isConnection(named)) return pageSize(def, args);
  if (named.name === 'ParticipationReport') return reportPeriods(args.input);
  return undefined;
}

function isConnection(type: GraphQLNamedType): boolean {
  return (isObjectType(type) || isInterfaceType(type)) && type.name.endsWith('Connection') && ('edges' in type.getFields() || 'nodes' in type.getFields());
}

/** The page the services will return: `first` or `last`, else the default, never above the maximum they enforce. */
function pageSize(def: GraphQLField<unknown, unknown>, args: Record<string, unknown>): number {
  const asked = [args.first, args.last].filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
  if (asked.length === 0) {
    const declared = def.args.find((arg) => arg.name === 'first')?.defaultValue;
    return typeof declared === 'number' ? clampPage(declared) : DEFAULT_PAGE_SIZE;
  }
  return clampPage(Math.max(...asked));
}

function clampPage(size: number): number {
  return Math.min(Math.max(Math.ceil(size), 0), MAX_PAGE_SIZE);
}

function reportPeriods(input: unknown): number {
  const { from, to, granularity } = (input ?? {}) as { from?: unknown; to?: unknown; granularity?: unknown };
  if (typeof from !== 'string' || typeof to !== 'string' || typeof granularity !== 'string') return 1;
  try {
    // Periods of local calendar dates are the same in every time zone.
    return reportBuckets({ from, to, granularity: granularity as Granularity, timeZone: 'UTC' }).length;
  } catch {
    // The service refuses the same input, so nothing beyond the error is returned.
    return 1;
  }
}

function daysBetween(from: unknown, to: unknown, max: number): number {
  const start = typeof from === 'string' ? Date.parse(from) : NaN;
  const end = typeof to === 'string' ? Date.parse(to) : NaN;
  if (!Number.isFinite(start) || !Number.isFinite(end)) return max;
  return Math.min(Math.max(Math.floor((end - start) / 86_400_000) + 1, 0), max);
}

/**
 * Argument values as the services will see them: literals, variables, variables' defaults and
 * the schema's argument defaults. Variables are not coerced yet; a value of the wrong type fails
 * coercion before anything runs, so any guess is harmless.
 */
function argumentValues(walk: Walk, node: FieldNode): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const argument of node.arguments ?? []) {
    values[argument.name.value] = resolveValue(walk, argument.value);
  }
  return values;
}

function resolveValue(walk: Walk, value: ValueNode): unknown {
  if (value.kind === Kind.VARIABLE) {
    const name = value.name.value;
    if (name in walk.variables) return walk.variables[name];
    const fallback = walk.variableDefaults.get(name);
    return fallback ? valueFromASTUntyped(fallback) : undefined;
  }
  if (value.kind === Kind.OBJECT) return Object.fromEntries(value.fields.map((field) => [field.name.value, resolveValue(walk, field.value)]));
  if (value.kind === Kind.LIST) return value.values.map((item) => resolveValue(walk, item));
  return valueFromASTUntyped(value);
}

/**
 * The fields of `selectionSets` with fragments expanded. A fragment applies once per selection
 * set, as in execution; fragments on other types of an interface or union are all counted, which
 * errs on the side of the larger answer. Introspection fields cost nothing.
 */
function collect(walk: Walk, type: GraphQLNamedType, selectionSets: readonly SelectionSetNode[], into = new Map<string, Collected>(), spread = new Set<string>()): Map<string, Collected> {
  for (const selectionSet of selectionSets) {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name.startsWith('__')) continue;
        const fields = isObjectType(type) || isInterfaceType(type) ? type.getFields() : {};
        const def = fields[name];
        if (!def) continue;
        const key = `${selection.alias?.value ?? name}:${name}`;
        const existing = into.get(key);
        if (existing) existing.nodes.push(selection);
        else into.set(key, { def, parent: type, nodes: [selection] });
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? walk.schema.getType(selection.typeCondition.name.value) : type;
        if (condition && isCompositeType(condition)) collect(walk, condition, [selection.selectionSet], into, spread);
      } else {
        const name = selection.name.value;
        if (spread.has(name)) continue;
        spread.add(name);
        const fragment = walk.fragments.get(name);
        const condition = fragment && walk.schema.getType(fragment.typeCondition.name.value);
        if (fragment && condition && isCompositeType(condition)) collect(walk, condition, [fragment.selectionSet], into, spread);
      }
    }
  }
  return into;
}

/** The error a client gets for an operation over the cost limit, as for the other limits. */
export function tooCostly(maxCost: number): GraphQLError {
  return new GraphQLError(`Query cost limit of ${maxCost} exceeded: the answer could hold more than that. Ask for smaller pages or fewer fields.`, {
    extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } },
  });
}

/**
 * Refuses an operation whose cost is over `maxCost`. It runs once the operation is resolved,
 * because page sizes given as variables are known only then.
 */
export function costLimitPlugin(maxCost: number): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const cost = operationCost(schema, document, operation, request.variables ?? {}, { stopAbove: maxCost });
          if (cost > maxCost) throw tooCostly(maxCost);
        },
      };
    },
  };
}
