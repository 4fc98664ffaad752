import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, type ArgumentNode, type DirectiveNode, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode, type ValueNode } from 'graphql';
import { errors } from '../errors/domain-error';
import type { RequestBase } from './plugins';

const NUL = '\u0000';
const MESSAGE = 'Text cannot contain the NUL character (U+0000).';
/** Enough for a client to fix its input; a request full of them need not be listed whole. */
const MAX_REPORTED = 20;

/**
 * PostgreSQL cannot store U+0000 in text, so a string carrying it fails whatever statement it
 * reaches. No field of the graph has a use for it, so it is refused for every argument of
 * every subgraph before execution, as BAD_USER_INPUT naming the argument (`input.body`,
 * `handle`, `filter.search`), and a new field cannot forget the check.
 */
export function textGuardPlugin(): ApolloServerPlugin<RequestBase> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request }) {
          if (!operation) return;
          const fields = nulArguments(document, operation, request.variables);
          if (fields.length === 0) return;
          const error = errors.invalid(fields.map((field) => ({ field, message: MESSAGE })));
          throw new GraphQLError(error.message, {
            originalError: error,
            // 200 with errors, as for every refusal before execution: see scopePlugin.
            extensions: { code: error.code, field: error.field, fields: error.fields, http: { status: 200 } },
          });
        },
      };
    },
  };
}

/**
 * The dotted paths of every argument value (literal, variable, or a variable's default)
 * holding a NUL, in every field and directive the operation selects, fragments included.
 */
export function nulArguments(document: DocumentNode, operation: OperationDefinitionNode, variables: Readonly<Record<string, unknown>> | undefined): string[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const defaults = new Map(operation.variableDefinitions?.map((definition) => [definition.variable.name.value, definition.defaultValue]) ?? []);
  const found = new Set<string>();
  const seenFragments = new Set<string>();

  // Client values can nest deeply, so both walks use a stack rather than recursion; children
  // go on it last-first, so problems are reported in the order the client wrote them.
  const inValue = (root: ValueNode, rootPath: string) => {
    const stack: [ValueNode, string][] = [[root, rootPath]];
    while (stack.length > 0 && found.size < MAX_REPORTED) {
      const [node, path] = stack.pop()!;
      if (node.kind === Kind.STRING) {
        if (node.value.includes(NUL)) found.add(path);
      } else if (node.kind === Kind.LIST) {
        for (let index = node.values.length - 1; index >= 0; index -= 1) stack.push([node.values[index]!, `${path}.${index}`]);
      } else if (node.kind === Kind.OBJECT) {
        for (const field of [...node.fields].reverse()) stack.push([field.value, `${path}.${field.name.value}`]);
      } else if (node.kind === Kind.VARIABLE) {
        const name = node.name.value;
        if (variables && Object.hasOwn(variables, name)) inRaw(variables[name], path);
        else {
          const fallback = defaults.get(name);
          if (fallback) stack.push([fallback, path]);
        }
      }
    }
  };
  const inRaw = (root: unknown, rootPath: string) => {
    const stack: [unknown, string][] = [[root, rootPath]];
    while (stack.length > 0 && found.size < MAX_REPORTED) {
      const [value, path] = stack.pop()!;
      if (typeof value === 'string') {
        if (value.includes(NUL)) found.add(path);
      } else if (Array.isArray(value)) {
        for (let index = value.length - 1; index >= 0; index -= 1) stack.push([value[index], `${path}.${index}`]);
      } else if (value !== null && typeof value === 'object') {
        for (const [key, item] of Object.entries(value).reverse()) stack.push([item, `${path}.${key}`]);
      }
    }
  };
  const inArguments = (nodes: readonly ArgumentNode[] | undefined) => nodes?.forEach((argument) => inValue(argument.value, argument.name.value));
  const inDirectives = (nodes: readonly DirectiveNode[] | undefined) => nodes?.forEach((directive) => inArguments(directive.arguments));

  const sets: SelectionSetNode[] = [operation.selectionSet];
  inDirectives(operation.directives);
  while (sets.length > 0) {
    for (const selection of sets.pop()!.selections) {
      inDirectives(selection.directives);
      if (selection.kind === Kind.FIELD) {
        inArguments(selection.arguments);
        if (selection.selectionSet) sets.push(selection.selectionSet);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        sets.push(selection.selectionSet);
      } else if (!seenFragments.has(selection.name.value)) {
        seenFragments.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) {
          inDirectives(fragment.directives);
          sets.push(fragment.selectionSet);
        }
      }
    }
  }
  return [...found];
}
