import { request } from 'undici';
import type { RunningMembership } from '@praxis/membership';
import { TEST_PASSWORD } from '@praxis/membership/testing';
import type { RunningResources } from '@praxis/resources';
import { ResourceFactories, tinyPdf } from '@praxis/resources/testing';
import { signIn, startStack, type Stack } from './harness';

/**
 * The resource library through the gateway, as a front-end meets it: a community's library
 * page with facets and contributors resolved by membership, a document uploaded and downloaded
 * through signed links, contributions of a former member, and permissions on the way.
 */
let stack: Stack;
let factories: ResourceFactories;

beforeAll(async () => {
  stack = await startStack();
  factories = new ResourceFactories(stack.services.resources as RunningResources, stack.services.membership as RunningMembership);
}, 60_000);
afterAll(() => stack?.stop());

async function tokenFor(member: { id: string }): Promise<string> {
  const account = (await factories.people.domain.read.accounts([member.id]))[0]!;
  return (await signIn(stack, account.email, TEST_PASSWORD)).accessToken;
}

const LIBRARY_PAGE = `query ($id: ID!, $filter: LibraryFilter) {
  community(id: $id) {
    name
    library(first: 10, filter: $filter) {
      totalCount
      nodes { title kind community { name } contributor { displayName isFormerMember } topics { label } tags { label } }
      facets { kinds { kind count } topics { topic { label } count } tags { tag { label } count } communities { community { name } count } }
    }
    featuredResources { nodes { title } }
  }
}`;

test('a community library page with facets and contributors, composed from two subgraphs', async () => {
  const community = await factories.people.community({ name: 'Health Engagement Network', visibility: 'MEMBERS_ONLY' });
  const member = await factories.people.memberOf(community, 'MEMBER', { displayName: 'Mel Member' });
  const topic = await factories.topic(community.network, 'Engagement frameworks');
  const tag = await factories.tag(community, 'Getting started');
  await factories.resource(community, { by: member, input: { title: 'WA engagement framework', kind: 'FRAMEWORK', topicIds: [topic.id], tagIds: [tag.id] } });
  const featured = await factories.resource(community, { input: { title: 'Communication toolkit', kind: 'TOOLKIT', topicIds: [topic.id] } });
  await factories.resource(community, { input: { title: 'Webinar recording', kind: 'RECORDING' } });
  await factories.domain.curation.setFeatured(factories.as(community.coordinator), { resourceId: featured.id, featured: true });
  const token = await tokenFor(member);

  const page = await stack.graphql(LIBRARY_PAGE, { id: community.id, filter: { topicIds: [topic.id] } }, { token });
  expect(page.errors).toBeUndefined();
  expect(page.data).toEqual({
    community: {
      name: 'Health Engagement Network',
      library: {
        totalCount: 2,
        nodes: [
          { title: 'Communication toolkit', kind: 'TOOLKIT', community: { name: 'Health Engagement Network' }, contributor: { displayName: 'Coordinator', isFormerMember: false }, topics: [{ label: 'Engagement frameworks' }], tags: [] },
          { title: 'WA engagement framework', kind: 'FRAMEWORK', community: { name: 'Health Engagement Network' }, contributor: { displayName: 'Mel Member', isFormerMember: false }, topics: [{ label: 'Engagement frameworks' }], tags: [{ label: 'Getting started' }] },
        ],
        facets: {
          kinds: [
            { kind: 'FRAMEWORK', count: 1 },
            { kind: 'TOOLKIT', count: 1 },
          ],
          topics: [{ topic: { label: 'Engagement frameworks' }, count: 2 }],
          tags: [{ tag: { label: 'Getting started' }, count: 1 }],
          communities: [{ community: { name: 'Health Engagement Network' }, count: 2 }],
        },
      },
      featuredResources: { nodes: [{ title: 'Communication toolkit' }] },
    },
  });

  const outsider = await tokenFor(await factories.people.member());
  const refused = await stack.graphql('query ($id: ID!) { community(id: $id) { name library { totalCount } } }', { id: community.id }, { token: outsider });
  expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_A_MEMBER' });
  // Only the refused field is null; the rest of the community stands.
  expect(refused.data).toEqual({ community: { name: 'Health Engagement Network', library: null } });
  expect(refused.errors?.[0]?.path).toEqual(['community', 'library']);
  const anonymous = await stack.graphql('query ($id: ID!) { community(id: $id) { library { totalCount } } }', { id: community.id });
  expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
});

test('a document goes up and comes down through signed links, with no Authorization header', async () => {
  const community = await factories.people.community({ visibility: 'MEMBERS_ONLY' });
  const member = await factories.people.memberOf(community);
  const token = await tokenFor(member);
  const bytes = tinyPdf('Survey results - overview');
  const issued = await stack.graphql<{ createResourceUpload: { upload: { id: string; uploadUrl: string } } }>(
    'mutation ($input: CreateResourceUploadInput!) { createResourceUpload(input: $input) { upload { id uploadUrl } } }',
    { input: { communityId: community.id, fileName: 'survey-results.pdf', byteSize: bytes.length } },
    { token },
  );
  const upload = issued.data!.createResourceUpload.upload;
  const put = await request(upload.uploadUrl, { method: 'PUT', body: bytes, headers: { 'content-type': 'application/pdf' } });
  expect(put.statusCode).toBe(201);
  await put.body.dump();
  const created = await stack.graphql<{ createResource: { resource: { id: string; file: { contentType: string } } } }>(
    'mutation ($input: CreateResourceInput!) { createResource(input: $input) { resource { id file { contentType byteSize } } } }',
    { input: { communityId: community.id, title: 'Survey results – overview', kind: 'DOCUMENT', audience: 'EVERYONE', uploadId: upload.id } },
    { token },
  );
  expect(created.errors).toBeUndefined();
  const resourceId = created.data!.createResource.resource.id;
  const link = await stack.graphql<{ requestResourceDownload: { url: string } }>('mutation ($id: ID!) { requestResourceDownload(input: { resourceId: $id }) { url } }', { id: resourceId }, { token });
  const download = await request(link.data!.requestResourceDownload.url);
  expect(download.statusCode).toBe(200);
  expect(Buffer.from(await download.body.arrayBuffer()).equals(bytes)).toBe(true);

  const outsider = await tokenFor(await factories.people.member());
  const refused = await stack.graphql('mutation ($id: ID!) { requestResourceDownload(input: { resourceId: $id }) { url } }', { id: resourceId }, { token: outsider });
  // A members-only community's document is not there for an outsider at all (ADR 8).
  expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
});

test("a former member's contributions stay, attributed to \"Former member\"", async () => {
  const community = await factories.people.community({ visibility: 'PUBLIC' });
  const leaving = await factories.people.memberOf(community, 'MEMBER', { displayName: 'Leaving Soon' });
  const resource = await factories.resource(community, { by: leaving, input: { title: 'Case study: a volunteer program' } });
  const token = await tokenFor(leaving);
  const deleted = await stack.graphql('mutation ($input: DeleteAccountInput!) { deleteAccount(input: $input) { __typename } }', { input: { password: TEST_PASSWORD } }, { token });
  expect(deleted.errors).toBeUndefined();
  await factories.sync();
  const viewer = await tokenFor(community.coordinator);
  const result = await stack.graphql(
    'query ($id: ID!, $m: ID!) { resource(id: $id) { title contributor { displayName isFormerMember handle } } member(id: $m) { resourceContributions { nodes { title } } } }',
    { id: resource.id, m: leaving.id },
    { token: viewer },
  );
  expect(result.errors).toBeUndefined();
  expect(result.data).toEqual({
    resource: { title: 'Case study: a volunteer program', contributor: { displayName: 'Former member', isFormerMember: true, handle: null } },
    member: { resourceContributions: { nodes: [{ title: 'Case study: a volunteer program' }] } },
  });
});
