import { loadServiceModules, type Viewer } from '@praxis/platform';
import { resetDatabase } from '@praxis/platform/testing';
import { startMembership, type RunningMembership } from '@praxis/membership';
import { membershipTestConfig } from '@praxis/membership/testing';
import { startResources, type RunningResources } from '../index';
import { ResourceFactories } from './factories';
import { resourcesTestConfig } from './index';

export interface LibraryTestStack {
  membership: RunningMembership;
  resources: RunningResources;
  factories: ResourceFactories;
  /** Runs an operation against the resources subgraph, in-process, as a viewer. */
  execute(query: string, variables?: Record<string, unknown>, viewer?: Viewer): ReturnType<RunningResources['server']['execute']>;
  stop(): Promise<void>;
}

/**
 * Membership and the library in one test process, on this worker's freshly emptied database.
 * The library asks membership for permissions over HTTP, as it does in production.
 */
export async function startLibraryTestStack(env: Record<string, string> = {}): Promise<LibraryTestStack> {
  await resetDatabase(loadServiceModules());
  const membership = await startMembership(await membershipTestConfig());
  try {
    const resources = await startResources(await resourcesTestConfig({ env: { MEMBERSHIP_INTERNAL_URL: membership.url, ...env } }));
    return {
      membership,
      resources,
      factories: new ResourceFactories(resources, membership),
      execute: (query, variables, viewer) => resources.server.execute(query, variables, viewer),
      async stop() {
        await resources.stop();
        await membership.stop();
      },
    };
  } catch (error) {
    await membership.stop();
    throw error;
  }
}
