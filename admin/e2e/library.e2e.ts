import { expect, test } from '@playwright/test';
import { checkScreen, graph, signInAs, tokenFor } from './helpers';
import { readState } from './state';

const state = readState();
// The second test builds on what the first one made.
test.describe.configure({ mode: 'serial' });
const libraryUrl = `${state.appUrl}communities/${state.community.id}/library`;

/** A member shares a link; in a curated library it waits for a curator. Through the graph. */
async function submit(token: string, title: string): Promise<string> {
  const { createResource } = await graph<{ createResource: { resource: { id: string; status: string } } }>(
    state,
    'mutation ($input: CreateResourceInput!) { createResource(input: $input) { resource { id status } } }',
    { input: { communityId: state.community.id, title, summary: 'Shared by a member for the library.', kind: 'LINK', audience: 'STAFF', url: 'https://example.org/palliative/guide' } },
    token,
  );
  expect(createResource.resource.status).toBe('PENDING_REVIEW');
  return createResource.resource.id;
}

async function librarySearch(token: string, search: string): Promise<string[]> {
  const { resourceLibrary } = await graph<{ resourceLibrary: { nodes: { title: string }[] } }>(
    state,
    'query ($networkId: ID!, $filter: LibraryFilter) { resourceLibrary(networkId: $networkId, filter: $filter, first: 10) { nodes { title } } }',
    { networkId: state.network.id, filter: { search } },
    token,
  );
  return resourceLibrary.nodes.map((node) => node.title);
}

test('a submitted resource is approved in the app and appears in the library search; another is rejected with a reason', async ({ page }) => {
  const coordinator = await tokenFor(state, state.coordinator.email);
  await graph(state, 'mutation ($input: UpdateLibrarySettingsInput!) { updateLibrarySettings(input: $input) { settings { curated } } }', { input: { communityId: state.community.id, curated: true } }, coordinator);
  const member = await tokenFor(state, state.plainMember.email);
  const approved = 'Breathlessness at end of life: a bedside guide';
  const rejected = 'My holiday photos';
  await submit(member, approved);
  const rejectedId = await submit(member, rejected);
  expect(await librarySearch(member, 'Breathlessness')).not.toContain(approved);

  await signInAs(page, state, state.coordinator.email);
  await expect(page.getByRole('heading', { name: 'Your communities' })).toBeVisible();
  await page.getByRole('link', { name: /^Curation queue/ }).click();
  await expect(page.getByRole('heading', { name: 'Library', exact: true })).toBeVisible();
  const card = page.getByRole('article', { name: approved });
  await expect(card.getByText('Pat Plain-Member', { exact: false })).toBeVisible();
  await checkScreen(page, 'library-curation');

  await card.getByRole('button', { name: `Approve “${approved}”` }).click();
  await expect(page.getByText(`“${approved}” is published in the library.`)).toBeVisible();
  await expect(card).toHaveCount(0);

  await page.getByRole('button', { name: `Reject “${rejected}”` }).click();
  const dialog = page.getByRole('dialog', { name: 'Reject this submission?' });
  await dialog.getByRole('button', { name: 'Reject' }).click();
  await expect(dialog.getByText('Give a reason.')).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Reason' }).fill('This library is for palliative care practice.');
  await dialog.getByRole('button', { name: 'Reject' }).click();
  await expect(page.getByText(`“${rejected}” is rejected.`)).toBeVisible();
  await expect(page.getByText('No submissions wait for curation.')).toBeVisible();

  await expect.poll(() => librarySearch(member, 'Breathlessness')).toContain(approved);
  const { resource } = await graph<{ resource: { status: string; rejectionReason: string | null } }>(state, 'query ($id: ID!) { resource(id: $id) { status rejectionReason } }', { id: rejectedId }, member);
  expect(resource).toEqual({ status: 'REJECTED', rejectionReason: 'This library is for palliative care practice.' });
});

test('the coordinator features a resource, builds a collection, adds a tag and checks broken links', async ({ page }) => {
  await signInAs(page, state, state.coordinator.email);
  await expect(page.getByRole('heading', { name: 'Your communities' })).toBeVisible();
  const resource = 'Breathlessness at end of life: a bedside guide';

  await page.goto(`${libraryUrl}/featured`);
  await page.getByRole('button', { name: `Feature “${resource}”` }).click();
  await expect(page.getByText(`“${resource}” is featured.`)).toBeVisible();
  await expect(page.getByRole('region', { name: 'Featured now' }).getByText(resource)).toBeVisible();
  await checkScreen(page, 'library-featured');

  await page.getByRole('tab', { name: 'Collections' }).click();
  await page.getByRole('textbox', { name: 'Title' }).fill('Start here');
  await page.getByRole('button', { name: 'Create collection' }).click();
  await expect(page.getByText('The collection “Start here” is created.', { exact: false })).toBeVisible();
  const collection = page.getByRole('region', { name: 'Start here' });
  await collection.getByRole('button', { name: `Add “${resource}”` }).click();
  await collection.getByRole('button', { name: 'Save items' }).click();
  await expect(page.getByText('“Start here” is saved.')).toBeVisible();
  await expect(collection.getByRole('listitem').filter({ hasText: resource }).first()).toBeVisible();
  await checkScreen(page, 'library-collections');
  await collection.getByRole('button', { name: 'Rename' }).click();
  const rename = page.getByRole('dialog', { name: 'Rename “Start here”' });
  await expect(rename.getByRole('textbox', { name: 'Title' })).toBeFocused();
  await rename.getByRole('textbox', { name: 'Title' }).fill('Start here: the basics');
  await rename.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('The collection is now “Start here: the basics”.')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Start here: the basics' })).toBeVisible();

  await page.getByRole('tab', { name: 'Tags' }).click();
  await page.getByRole('textbox', { name: 'Tag label' }).fill('Symptom management');
  await page.getByRole('button', { name: 'Add tag' }).click();
  await expect(page.getByText('The tag “Symptom management” is added.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Archive “Symptom management”' })).toBeVisible();
  await checkScreen(page, 'library-tags');

  await page.getByRole('tab', { name: 'Broken links' }).click();
  await expect(page.getByText('No broken links', { exact: false })).toBeVisible();
  await checkScreen(page, 'library-broken-links');
});
