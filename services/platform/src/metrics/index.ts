export { ServiceMetrics, type GaugeCollector } from './registry';
export { ANONYMOUS_OPERATION, BoundedLabel, errorCodeLabel, operationLabel, OTHER_LABEL, REFUSED_OPERATION, refusedOperationLabel } from './labels';
export { countRefusedRequest, metricsPlugin, REFUSED_TYPE, registerMetricsRoute } from './graphql';
export { poolOf, poolOfJobs, watchPool } from './pool';
export { BackgroundHealth, DEFAULT_HEALTH_THRESHOLDS, type ConsumerLag, type HealthThresholds } from './background';
export { currentServiceMetrics, withServiceMetrics } from './scope';
export { measureSubgraphFetch, subgraphFailureReason } from './subgraph-fetch';
export { parseExposition, sampleValue, type MetricSample } from './exposition';
