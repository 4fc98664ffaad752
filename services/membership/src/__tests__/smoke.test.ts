import { resetDatabase } from '@praxis/platform/testing';
import { service, startMembership, type RunningMembership } from '../index';
import { MembershipFactories, membershipTestConfig } from '../testing';

let running: RunningMembership;
let factories: MembershipFactories;

beforeAll(async () => {
  await resetDatabase([service]);
  running = await startMembership(await membershipTestConfig());
  factories = new MembershipFactories(running);
});
afterAll(() => running?.stop());

test('a community and its coordinator resolve in-process', async () => {
  const community = await factories.community({ name: 'Rural Hospice Palliative Care' });
  const result = await running.server.execute(
    `query ($id: ID!) { community(id: $id) { name memberCount network { name } viewerCan { read join } } }`,
    { id: community.id },
    factories.viewer(await factories.member()),
  );
  expect(result.errors).toBeUndefined();
  expect(result.data).toEqual({ community: { name: 'Rural Hospice Palliative Care', memberCount: 1, network: { name: community.network.name }, viewerCan: { read: true, join: true } } });
});
