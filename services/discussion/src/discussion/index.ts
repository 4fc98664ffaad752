import { memberAttributesConsumer, type ConsumerDefinition, type HttpMemberContacts, type ServiceRuntime } from '@praxis/platform';
import { erasureConsumer, networksConsumer, subjectsConsumer } from './consumers';
import type { Deps } from './deps';
import { Editing } from './editing';
import { Engagement } from './engagement';
import { Forums } from './forums';
import { Guard } from './guard';
import { MemberHandles, mentionMembersConsumer } from './mention-members';
import { Moderation } from './moderation';
import { Pages } from './pages';
import { Posting } from './posting';
import { ReadModel } from './read-model';
import { DiscussionReports } from './reports';
import { Search } from './search';

/** The discussion domain, assembled once per process. Resolvers and seeders call it. */
export class DiscussionDomain {
  readonly deps: Deps;
  readonly read: ReadModel;
  readonly pages: Pages;
  readonly guard: Guard;
  readonly forums: Forums;
  readonly posting: Posting;
  readonly editing: Editing;
  readonly engagement: Engagement;
  readonly moderation: Moderation;
  readonly search: Search;
  readonly reports: DiscussionReports;

  private readonly memberHandles: MemberHandles;

  constructor(runtime: ServiceRuntime, contacts: HttpMemberContacts) {
    this.memberHandles = new MemberHandles(contacts);
    this.read = new ReadModel(runtime.db);
    this.deps = { runtime, read: this.read };
    this.pages = new Pages(this.read);
    this.guard = new Guard(this.read);
    this.forums = new Forums(this.deps, this.guard);
    this.posting = new Posting(this.deps, this.guard, this.forums);
    this.editing = new Editing(this.deps, this.guard);
    this.engagement = new Engagement(this.deps, this.guard);
    this.moderation = new Moderation(this.deps, this.guard);
    this.search = new Search(this.read);
    this.reports = new DiscussionReports(runtime.db);
  }

  /**
   * The projections and clean-ups this service keeps from other services' events, including
   * members' attributes over time, which reports break numbers down by.
   */
  consumers(): ConsumerDefinition[] {
    return [subjectsConsumer(this.forums), networksConsumer, erasureConsumer, memberAttributesConsumer(), mentionMembersConsumer(this.memberHandles)];
  }
}

export type { DiscussionConfig } from './config';
