import { readFileSync } from 'node:fs';
import graphqlPlugin from '@graphql-eslint/eslint-plugin';
import tseslint from 'typescript-eslint';

// Each subgraph's SDL files (src/schema/*.graphql) are linted against its whole schema: its own
// files plus the shared SDL it loads (services/platform/src/config/sdl.ts), built by @apollo/subgraph
// because the SDL links the federation spec. The shared report types are linted once, as their own
// project listed first so their file resolves to it, with a stand-in for the Term entity they point at.
const { subgraphs } = JSON.parse(readFileSync('schema/subgraphs.json', 'utf8'));
const REPORT_TYPES = 'services/platform/src/reports/report-types.graphql';
const SHARED_SDL = { reports: REPORT_TYPES };
const ownSdl = (subgraph) => `${subgraph.schema}/*.graphql`;
const sdlProjects = {
  reports: { schema: [REPORT_TYPES, 'scripts/codegen/federation-directives.graphql', 'type Term { id: ID! }'] },
  ...Object.fromEntries(subgraphs.map((subgraph) => [subgraph.name, { schema: [ownSdl(subgraph), ...(subgraph.shared ?? []).map((name) => SHARED_SDL[name])] }])),
};
const sdl = (files, rules) => ({
  files,
  languageOptions: { parser: graphqlPlugin.parser, parserOptions: { graphQLConfig: { projects: sdlProjects } } },
  plugins: { '@graphql-eslint': graphqlPlugin },
  rules,
});
// Rules on every SDL file: naming, descriptions and Relay connection shapes.
const sdlRules = {
  '@graphql-eslint/naming-convention': ['error', graphqlPlugin.configs['flat/schema-recommended'].rules['@graphql-eslint/naming-convention'][1]],
  '@graphql-eslint/require-description': ['error', { types: true, rootField: true, FieldDefinition: true, InputValueDefinition: true, EnumValueDefinition: true, DirectiveDefinition: true }],
  '@graphql-eslint/require-deprecation-reason': 'error',
  '@graphql-eslint/no-hashtag-description': 'error',
  '@graphql-eslint/no-typename-prefix': 'error',
  '@graphql-eslint/unique-enum-value-names': 'error',
  '@graphql-eslint/relay-connection-types': 'error',
};
// Rules that need a whole, valid schema: only where the file is one.
const subgraphRules = {
  ...graphqlPlugin.configs['flat/schema-recommended'].rules,
  ...sdlRules,
  // One-line descriptions use "…", longer ones """…"""; both styles are the convention.
  '@graphql-eslint/description-style': 'off',
  // Payloads, connections and report shapes are values, not entities: they have no id.
  '@graphql-eslint/strict-id-in-types': 'off',
  // The shared report types are loaded into every subgraph, used or not.
  '@graphql-eslint/no-unreachable-types': 'off',
  '@graphql-eslint/relay-page-info': 'error',
  // Edges carry plain entities (there is no Node interface), and plain lists are allowed.
  '@graphql-eslint/relay-edge-types': ['error', { withEdgeSuffix: true, shouldImplementNode: false, listTypeCanWrapOnlyEdgeType: false }],
  '@graphql-eslint/no-scalar-result-type-on-mutation': 'error',
};

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/__generated__/**', '.praxis/**', '.tmp/**', 'schema/**', 'admin/src/gql/**', 'admin/test-results/**', 'admin/playwright-report/**'] },
  ...tseslint.configs.recommended,
  sdl(subgraphs.map(ownSdl), subgraphRules),
  sdl([REPORT_TYPES], sdlRules),
  {
    files: ['**/*.ts', 'admin/**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-unsafe-function-type': 'off',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
