import { ApolloProvider } from '@apollo/client/react';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { RouterProvider } from 'react-router/dom';
import { cssVariablesResolver, theme } from '../ui/theme';
import { SessionContext } from '../session/SessionContext';
import { client, router, session } from './runtime';

export function App() {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
      <Notifications position="top-right" />
      <SessionContext value={session}>
        <ApolloProvider client={client}>
          <RouterProvider router={router} />
        </ApolloProvider>
      </SessionContext>
    </MantineProvider>
  );
}
