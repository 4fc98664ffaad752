import { runSubgraph } from '@praxis/platform';
import { service } from './index';

/** Runs the notifications subgraph on its own, as a container would. */
runSubgraph(service, process.env);
