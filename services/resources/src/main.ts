import { parseEnv, runProcess } from '@praxis/platform';
import { resourcesConfig, resourcesEnv } from './env';
import { startResources } from './index';

/** Runs the resources subgraph on its own, as a container would. */
runProcess(() => startResources(resourcesConfig(parseEnv(resourcesEnv, process.env))));
