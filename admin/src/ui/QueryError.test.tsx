import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { QueryError } from './QueryError';

Object.defineProperty(document, 'fonts', { configurable: true, value: document.fonts ?? { addEventListener() {}, removeEventListener() {} } });

describe('a read that failed', () => {
  it('offers a retry when the network let us down', async () => {
    const retry = vi.fn();
    render(
      <MantineProvider env="test">
        <QueryError error={new TypeError('Failed to fetch')} onRetry={retry} />
      </MantineProvider>,
    );
    expect(screen.getByRole('alert')).toHaveTextContent("Connection problemWe couldn't reach Praxis. Check your connection and try again.");
    await userEvent.setup().click(screen.getByRole('button', { name: 'Try again' }));
    expect(retry).toHaveBeenCalledTimes(1);
  });

  it('says in plain words when part of the graph is down, above what did load', () => {
    render(
      <MantineProvider env="test">
        <QueryError error={new CombinedGraphQLErrors({ data: {}, errors: [{ message: 'events down', extensions: { code: 'SUBGRAPH_UNAVAILABLE' } }] })} partial />
      </MantineProvider>,
    );
    expect(screen.getByRole('alert')).toHaveTextContent("Some of this page could not be loadedPart of Praxis isn't answering right now");
  });
});
