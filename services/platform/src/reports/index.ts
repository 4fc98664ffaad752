export * from './buckets';
export * from './suppression';
