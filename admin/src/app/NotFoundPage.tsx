import { Anchor, Text } from '@mantine/core';
import { Link } from 'react-router';
import { PageTitle } from '../ui/PageTitle';

export default function NotFoundPage() {
  return (
    <>
      <PageTitle title="Page not found">Page not found</PageTitle>
      <Text>
        There is nothing at this address.{' '}
        <Anchor component={Link} to="/">
          Go to your communities
        </Anchor>
        .
      </Text>
    </>
  );
}
