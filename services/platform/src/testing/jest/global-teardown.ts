export default async function globalTeardown(): Promise<void> {
  const pg = (globalThis as { __praxisPostgres?: { stop(): Promise<void> } }).__praxisPostgres;
  await pg?.stop();
}
