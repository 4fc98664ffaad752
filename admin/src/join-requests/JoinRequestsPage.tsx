import { PageTitle } from '../ui/PageTitle';

export default function JoinRequestsPage() {
  return <PageTitle title="JoinRequestsPage">JoinRequestsPage</PageTitle>;
}
