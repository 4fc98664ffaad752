import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningMembership } from '@praxis/membership';
import { subgraphTestConfig, testEnv, testSubgraph } from '@praxis/platform/testing';
import type { ResourcesConfig } from '../library';
import { service } from '../index';

import { ResourceFactories } from './factories';

export { ResourceFactories } from './factories';
export { publishAsEventsService } from './foreign-events';

/**
 * The resources service's settings for tests: the worker's database, fast polling, short link
 * check timeouts, and documents in a directory of this worker's own. The end-to-end harness
 * passes MEMBERSHIP_INTERNAL_URL in `env`; in-process tests pass membership's URL the same way.
 */
export async function resourcesTestConfig(options: { smtpUrl?: string; env?: Record<string, string> } = {}): Promise<ResourcesConfig> {
  const config = await subgraphTestConfig(service, {
    RESOURCES_DATA_DIR: join(tmpdir(), `praxis-test-resources-${testEnv.JEST_WORKER_ID}-${process.pid}`),
    RESOURCES_LINK_CHECK_TIMEOUT_MS: '1000',
    // The link checker is tested against servers on this machine.
    RESOURCES_LINK_CHECK_ALLOW_PRIVATE: 'true',
    ...options.env,
  });
  // Most tests run without a gateway: links then point at the service itself unless one is named.
  return { ...config, publicUrl: options.env?.RESOURCES_PUBLIC_URL ?? options.env?.PUBLIC_GRAPH_URL ?? null };
}

/** The generic name the end-to-end harness looks for in every service's testing module. */
export { resourcesTestConfig as testConfig };
export { tinyPdf } from '../seed/pdf';

/** The library for startSubgraphTest; its factories reach people through membership, which it needs. */
export const resources = testSubgraph({
  name: 'resources',
  service,
  testConfig: resourcesTestConfig,
  factories: (running, started) => new ResourceFactories(running, started.membership as RunningMembership),
});
