export { startEmbeddedPostgres, type LocalPostgres, type EmbeddedOptions } from './embedded';
export { reachableDataDir, serverUser } from './launcher';
export { acquireTestPostgres } from './test-database';
export { freePort } from './ports';
export { startSupervisedPostgres } from './supervised';
export { backupCluster, backupDataDir, restoreCluster, restoreDataDir, type BackupSummary } from './backup';
