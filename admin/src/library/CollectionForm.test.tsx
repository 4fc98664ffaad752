import { MantineProvider } from '@mantine/core';
import { MockedProvider } from '@apollo/client/testing/react';
import type { MockLink } from '@apollo/client/testing';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { CreateResourceCollectionDocument } from '../gql/graphql';
import { moveItem } from './CollectionEditor';
import { CollectionForm, validateCollection } from './CollectionForm';
import { validateTagLabel } from './Tags';

Object.defineProperty(document, 'fonts', { configurable: true, value: document.fonts ?? { addEventListener() {}, removeEventListener() {} } });

function renderForm(mocks: MockLink.MockedResponse[] = []) {
  return render(
    <MantineProvider env="test">
      <MockedProvider mocks={mocks}>
        <CollectionForm communityId="c-1" />
      </MockedProvider>
    </MantineProvider>,
  );
}

describe('collections and tags', () => {
  it('a collection needs a title of at most 120 characters', () => {
    expect(validateCollection({ title: ' ', description: '' })).toEqual({ title: 'Give the collection a title.' });
    expect(validateCollection({ title: 'x'.repeat(121), description: '' }).title).toBe('Keep the title to 120 characters or fewer.');
    expect(validateCollection({ title: 'Start here', description: 'x'.repeat(2001) }).description).toBe('Keep the description to 2,000 characters or fewer.');
    expect(validateCollection({ title: 'Start here', description: '' })).toEqual({});
  });

  it('a tag needs a label of at most 60 characters', () => {
    expect(validateTagLabel('')).toBe('Give the tag a label.');
    expect(validateTagLabel('x'.repeat(61))).toBe('Keep the label to 60 characters or fewer.');
    expect(validateTagLabel('Grief')).toBeNull();
  });

  it('moves an item one place, and not past either end', () => {
    expect(moveItem(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveItem(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
    expect(moveItem(['a', 'b'], 1, 1)).toEqual(['a', 'b']);
  });

  it('the form says a title is needed before sending anything', async () => {
    renderForm();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Create collection' }));
    expect(screen.getByRole('textbox', { name: /Title/ })).toHaveAccessibleDescription(/Give the collection a title\./);
  });

  it('puts the server’s BAD_USER_INPUT on the title under the field', async () => {
    const user = userEvent.setup();
    renderForm([
      {
        request: { query: CreateResourceCollectionDocument, variables: { input: { communityId: 'c-1', title: 'Start here', description: null } } },
        result: { errors: [new GraphQLError('Title must not contain control characters.', { extensions: { code: 'BAD_USER_INPUT', field: 'input.title' } })] },
      },
    ]);
    await user.type(screen.getByRole('textbox', { name: /Title/ }), 'Start here');
    await user.click(screen.getByRole('button', { name: 'Create collection' }));
    await waitFor(() => expect(screen.getByRole('textbox', { name: /Title/ })).toHaveAccessibleDescription(/Title must not contain control characters\./));
  });
});
