import { parseEnv, runProcess } from '@praxis/platform';
import { eventsConfig, eventsEnv } from './env';
import { startEvents } from './index';

/** Runs the events subgraph on its own, as a container would. */
runProcess(() => startEvents(eventsConfig(parseEnv(eventsEnv, process.env))));
