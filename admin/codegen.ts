import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed documents for the app, from the public client schema only. Each component's fragment
 * is masked, so a component reads just the fields it asked for.
 */
const config: CodegenConfig = {
  overwrite: true,
  schema: '../schema/api.graphql',
  documents: ['src/**/*.tsx', '!src/gql/**/*'],
  ignoreNoDocuments: true,
  generates: {
    'src/gql/': {
      preset: 'client',
      // persisted-documents.json lists every operation the app can send, so the gateway's cost
      // test checks each one against the limit without a hand-kept copy.
      presetConfig: { fragmentMasking: { unmaskFunctionName: 'getFragmentData' }, persistedDocuments: true },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string', Date: 'string', JSON: 'unknown' },
        skipTypename: false,
        dedupeFragments: true,
      },
    },
  },
};

export default config;
