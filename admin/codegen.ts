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
      presetConfig: { fragmentMasking: { unmaskFunctionName: 'getFragmentData' } },
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
