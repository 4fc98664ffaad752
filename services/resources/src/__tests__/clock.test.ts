import { Readable } from 'node:stream';
import { TestClock } from '@praxis/platform';
import { startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { membership, type MembershipFactories } from '@praxis/membership/testing';
import type { RunningResources } from '../index';
import { tinyPdf } from '../seed/pdf';
import { resources as library } from '../testing';

// Signed links and unattached uploads expire on the service's clock, so tests move time.
let t: SubgraphTest<typeof library, [typeof membership]>;
let resources: RunningResources;
let people: MembershipFactories;
const clock = new TestClock();

beforeAll(async () => {
  t = await startSubgraphTest(library, { with: [membership], clock });
  ({ running: resources, people } = t);
});
afterAll(() => t?.stop());
beforeEach(() => clock.set(new Date()));

async function upload() {
  const community = await people.community();
  const member = await people.memberOf(community);
  const issued = await resources.domain.files.createUpload(resources.access(people.viewer(member)), { communityId: community.id, fileName: 'notes.pdf' });
  const url = new URL(issued.uploadUrl);
  const claims = { purpose: 'upload' as const, fileId: issued.id, expires: Number(url.searchParams.get('expires')), memberId: '' };
  return { issued, claims, signature: url.searchParams.get('signature')! };
}

test('an upload link is valid until its expiry on the clock', async () => {
  const { issued, claims, signature } = await upload();
  expect(issued.expiresAt.getTime()).toBe(Math.floor(clock.now().getTime() / 1000) * 1000 + 900_000);
  clock.advance({ minutes: 14 });
  expect(resources.domain.signer.verify(claims, signature)).toBe(true);
  clock.advance({ minutes: 2 });
  expect(resources.domain.signer.verify(claims, signature)).toBe(false);
});

test('an upload never attached is refused, and swept, once the clock passes its hours', async () => {
  const { issued } = await upload();
  const stale = await upload();
  clock.advance({ hours: 25 });
  await expect(resources.domain.files.receive(stale.issued.id, Readable.from([tinyPdf('Notes')]), null)).rejects.toMatchObject({ status: 409 });
  expect(await resources.domain.files.sweep()).toBeGreaterThanOrEqual(2);
  const [row] = (await resources.runtime.db.query('SELECT status FROM resource_files WHERE id = $1', [issued.id])) as { status: string }[];
  expect(row!.status).toBe('DELETED');
});
