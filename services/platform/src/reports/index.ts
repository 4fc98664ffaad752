export * from './buckets';
export * from './suppression';
export * from './attributes';
export * from './measures';
export * from './loader';
