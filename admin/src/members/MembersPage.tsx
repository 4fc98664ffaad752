import { PageTitle } from '../ui/PageTitle';

export default function MembersPage() {
  return <PageTitle title="MembersPage">MembersPage</PageTitle>;
}
