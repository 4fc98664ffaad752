import { GraphQLError, parse, type OperationDefinitionNode } from 'graphql';
import { maskError } from '../errors/graphql';
import { nulArguments } from '../server/text-guard';

/** The NUL check walks every argument an operation sends, however it is written. */
const paths = (query: string, variables?: Record<string, unknown>) => {
  const document = parse(query);
  return nulArguments(document, document.definitions.find((definition) => definition.kind === 'OperationDefinition') as OperationDefinitionNode, variables).sort();
};

test('literals, variables, nested inputs, lists, fragments and directives are all seen, each by its path', () => {
  expect(paths('{ member(handle: "a\\u0000b") { id } }')).toEqual(['handle']);
  expect(paths('mutation ($input: In!) { createPost(input: $input) { id } }', { input: { title: 'ok', body: 'a\u0000', tags: ['x', '\u0000'] } })).toEqual(['input.body', 'input.tags.1']);
  expect(paths('mutation ($b: String!) { createPost(input: { title: "ok", body: $b }) { id } }', { b: '\u0000' })).toEqual(['input.body']);
  expect(paths('query ($q: String = "\\u0000") { search(query: $q) { id } }')).toEqual(['query']);
  expect(paths('query ($q: String = "\\u0000") { search(query: $q) { id } }', { q: 'fine' })).toEqual([]);
  expect(paths('{ community(slug: "c") { ...F ... on Community { members(filter: { search: "\\u0000" }) { id } } } } fragment F on Community { threads(after: "\\u0000") { id } }')).toEqual(['after', 'filter.search']);
  expect(paths('{ a @skip(if: false) { b(x: ["ok", "\\u0000"]) } }')).toEqual(['x.1']);
  expect(paths('{ member(handle: "fine") { id bio } }')).toEqual([]);
});

test('a deeply nested variable is walked without exhausting the stack', () => {
  let deep: unknown = '\u0000';
  for (let i = 0; i < 100_000; i += 1) deep = [deep];
  expect(paths('query ($x: [String]) { f(x: $x) }', { x: deep })).toHaveLength(1);
});

test("PostgreSQL's refusals of text it cannot store are the client's BAD_USER_INPUT, without the SQL", () => {
  for (const code of ['22021', '22P05']) {
    const driverError = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code });
    const failed = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { query: 'INSERT INTO posts …', driverError });
    const error = new GraphQLError(failed.message, { originalError: failed, path: ['createPost'] });
    expect(maskError({ message: error.message, path: ['createPost'] }, error)).toEqual({
      message: 'The text given contains a character that cannot be stored.',
      path: ['createPost'],
      locations: undefined,
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  const other = new GraphQLError('x', { originalError: Object.assign(new Error('deadlock'), { code: '40P01' }) });
  expect(maskError({ message: 'x' }, other).extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
});
