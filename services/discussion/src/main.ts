import { parseEnv, runProcess } from '@praxis/platform';
import { discussionConfig, discussionEnv } from './env';
import { startDiscussion } from './index';

/** Runs the discussion subgraph on its own, as a container would. */
runProcess(() => startDiscussion(discussionConfig(parseEnv(discussionEnv, process.env))));
