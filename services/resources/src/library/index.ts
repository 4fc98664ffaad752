import type { FileStorage } from './storage';
import type { UrlSigner } from './signing';
import { Collections } from './collections';
import { Contributions } from './contributions';
import { Curation } from './curation';
import type { Deps } from './deps';
import { Engagement } from './engagement';
import { EventLinks } from './event-links';
import { Files } from './files';
import { CHECK_LINKS_JOB, LinkChecker } from './links';
import { ReadModel } from './read-model';
import { ResourceReports } from './reports';
import { LibrarySearch } from './search';
import { DELETE_FILE_JOB } from './writes';

export const SWEEP_UPLOADS_JOB = 'resources.sweep-uploads';

/** The library domain, assembled once per process. Resolvers and the file routes call it. */
export class ResourcesDomain {
  readonly read: ReadModel;
  readonly search: LibrarySearch;
  readonly contributions: Contributions;
  readonly curation: Curation;
  readonly collections: Collections;
  readonly engagement: Engagement;
  readonly files: Files;
  readonly eventLinks: EventLinks;
  readonly links: LinkChecker;
  readonly reports: ResourceReports;

  constructor(readonly deps: Deps) {
    this.read = new ReadModel(deps.runtime.db);
    this.search = new LibrarySearch(this.read);
    this.contributions = new Contributions(deps, this.read);
    this.curation = new Curation(deps, this.read);
    this.collections = new Collections(deps, this.read);
    this.engagement = new Engagement(deps, this.read);
    this.files = new Files(deps, this.read);
    this.eventLinks = new EventLinks(deps, this.read);
    this.links = new LinkChecker(deps, deps.runtime.logger);
    this.reports = new ResourceReports(deps.runtime.db);
  }

  get storage(): FileStorage {
    return this.deps.storage;
  }

  get signer(): UrlSigner {
    return this.deps.signer;
  }

  /** The library's background work on the service's job queue; call before the queue starts. */
  registerJobs(): void {
    const { jobs } = this.deps.runtime;
    jobs.register({ name: CHECK_LINKS_JOB, cron: this.deps.config.linkCheck.cron, retryLimit: 1, expireInSeconds: 3_600, handle: async () => void (await this.links.checkDue()) });
    jobs.register({ name: SWEEP_UPLOADS_JOB, cron: '*/15 * * * *', retryLimit: 2, handle: async () => void (await this.files.sweep()) });
    jobs.register<{ key: string }>({ name: DELETE_FILE_JOB, retryLimit: 10, retryDelaySeconds: 30, handle: ({ key }) => this.deps.storage.delete(key) });
  }
}

export type { Deps } from './deps';
export type { ResourcesConfig } from './config';
