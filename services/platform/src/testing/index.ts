export * from './database';
export * from './smtp';
export * from './statements';

export { testEnv } from './env';
export { probeRuntimeConfig, subgraphTestConfig } from './subgraph-config';
export { hostileInput } from './hostile';
export { asViewer, outcome, startSubgraphTest, testSubgraph, type AsViewer, type Result, type SubgraphTest, type SubgraphTestOptions, type TestSubgraph } from './subgraph-test';
export { everyone, judged, rules, VIEWER_KINDS, viewerMatrix, type Expectations, type Outcome, type ViewerKind } from './viewer-matrix';
export { expectMigrationsRoundTrip, migrationsRoundTrip, replicasMigrateOnce, type RoundTripChecks, type SchemaSnapshot } from './migrations';
