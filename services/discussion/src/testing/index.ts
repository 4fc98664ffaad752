import { subgraphTestConfig, testSubgraph } from '@praxis/platform/testing';
import type { DiscussionConfig } from '../discussion';
import { service } from '../index';

import { DiscussionFactories } from './factories';

export { DiscussionFactories } from './factories';
export { publishForeignEvent } from './foreign-events';

/**
 * Discussion's settings for tests: the worker's database and fast event polling. The harness
 * passes MEMBERSHIP_INTERNAL_URL in `env` once membership is up; in-process tests pass it too.
 */
export async function discussionTestConfig(options: { smtpUrl?: string; env?: Record<string, string> } = {}): Promise<DiscussionConfig> {
  return subgraphTestConfig(service, {
    DISCUSSION_DB_POOL_SIZE: '10',
    ...options.env,
  });
}

/** The generic name the end-to-end harness looks for in every service's testing module. */
export { discussionTestConfig as testConfig };

/** Discussion for startSubgraphTest. */
export const discussion = testSubgraph({ name: 'discussion', service, testConfig: discussionTestConfig, factories: (running) => new DiscussionFactories(running) });
