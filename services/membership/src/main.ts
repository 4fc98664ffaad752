import { parseEnv, runProcess } from '@praxis/platform';
import { membershipConfig, membershipEnv } from './env';
import { startMembership } from './index';

/** Runs the membership subgraph on its own, as a container would. */
runProcess(() => startMembership(membershipConfig(parseEnv(membershipEnv, process.env))));
