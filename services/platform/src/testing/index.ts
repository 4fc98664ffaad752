export * from './database';
export * from './smtp';
export * from './statements';

export { testEnv } from './env';
export { subgraphTestConfig } from './subgraph-config';
export { hostileInput } from './hostile';
