/**
 * The community page a member's front-end asks for when they open a community: its forums, recent
 * threads, upcoming events and library, from four subgraphs. The benchmarks, the tracing test and
 * the statement-count test all send it, so it is written once. `by` is how the community is named;
 * `sized` turns every list's size into the `$size` variable.
 */
export function communityPageQuery(options: { by: 'slug' | 'id'; sized?: boolean }): string {
  const size = (fixed: number) => (options.sized ? '$size' : String(fixed));
  const params = [options.by === 'slug' ? '$network: String!, $slug: String!' : '$id: ID!', ...(options.sized ? ['$size: Int!'] : [])].join(', ');
  const target = options.by === 'slug' ? 'networkSlug: $network, slug: $slug' : 'id: $id';
  return `query CommunityPage(${params}) {
  community(${target}) {
    id name description memberCount
    viewerCan { participate }
    discussionForums(first: ${size(10)}) { nodes { id name } }
    recentDiscussionThreads(first: ${size(10)}) { nodes { id title replyCount lastActivityAt author { displayName } } }
    upcomingEvents(first: ${size(5)}) { nodes { id title startsAt } }
    library(first: ${size(10)}) { totalCount nodes { id title kind } }
  }
}`;
}
