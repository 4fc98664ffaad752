export { shutdownTracing, startTracing, tracingStarted } from './sdk';
export { serviceOfEntry, tracingEnv, tracingSettings, type TracingSettings } from './settings';
