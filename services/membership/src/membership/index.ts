import { Accounts } from './accounts';
import { Audit } from './audit';
import { AdminHomeReads } from './admin-home';
import { ApiTokens } from './api-tokens';
import { Communities } from './communities';
import { MemberContacts } from './contacts';
import { LocalAccessSource } from './access';
import { exportMemberData } from './data-export';
import type { Deps } from './deps';
import { Erasure } from './erasure';
import { ExternalIdentities } from './identities';
import { Joining } from './joining';
import { Members } from './members';
import { Networks } from './networks';
import { ReadModel } from './read-model';
import { Roster } from './roster';
import { ActivityReads } from './activity';
import { Reports } from './reports';
import type { SecondFactors } from './second-factor';

/** The membership domain, assembled once per process. Resolvers and internal routes call it. */
export class MembershipDomain {
  readonly accounts: Accounts;
  readonly apiTokens: ApiTokens;
  readonly identities: ExternalIdentities;
  readonly networks: Networks;
  readonly communities: Communities;
  readonly members: Members;
  readonly joining: Joining;
  readonly roster: Roster;
  readonly erasure: Erasure;
  readonly read: ReadModel;
  readonly access: LocalAccessSource;
  readonly contacts: MemberContacts;
  readonly reports: Reports;
  readonly activity: ActivityReads;
  readonly adminHome: AdminHomeReads;
  readonly secondFactors: SecondFactors;
  readonly audit: Audit;

  constructor(readonly deps: Deps) {
    this.accounts = new Accounts(deps);
    this.apiTokens = new ApiTokens(deps);
    this.identities = new ExternalIdentities(deps);
    this.networks = new Networks(deps);
    this.communities = new Communities(deps, this.networks);
    this.members = new Members(deps, this.networks);
    this.roster = new Roster(deps, this.communities);
    this.joining = new Joining(deps, this.communities, this.members);
    this.erasure = new Erasure(deps, this.accounts, this.roster);
    this.read = new ReadModel(deps.runtime.db, deps.runtime.clock);
    this.access = new LocalAccessSource(deps.runtime.db);
    this.contacts = new MemberContacts(deps.runtime.db);
    this.reports = new Reports(deps.runtime.db, deps.config.reportSuppressionThreshold);
    this.activity = new ActivityReads(deps.runtime.db);
    this.adminHome = new AdminHomeReads(deps.runtime.db);
    this.secondFactors = this.accounts.secondFactors;
    this.audit = new Audit(deps.runtime, deps.config.audit);
  }

  exportData(memberId: string): Promise<Record<string, unknown>> {
    return exportMemberData(this.deps, memberId);
  }
}

export type { Deps } from './deps';
export type { MembershipConfig } from './config';
