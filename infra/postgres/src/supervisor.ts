/**
 * Runs embedded PostgreSQL in a process of its own session, so a Ctrl-C in the terminal reaches
 * the Praxis processes but not PostgreSQL: the services stop first, in order, and then ask this
 * process to stop PostgreSQL. If the parent dies without asking, PostgreSQL is stopped anyway.
 */
import { startEmbeddedPostgres, type EmbeddedOptions, type LocalPostgres } from './embedded';

type Message = { type: 'stop' };

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as EmbeddedOptions;
  const holder: { pg?: LocalPostgres } = {};
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await holder.pg?.stop().catch(() => undefined);
      if (process.connected) process.send?.({ type: 'stopped' });
      process.exit(0);
    })();
    return stopping;
  };
  process.on('message', (message: Message) => {
    if (message.type === 'stop') void stop();
  });
  process.on('disconnect', () => void stop());
  // Terminal signals are for the parent; this process stops when the parent says so.
  process.on('SIGINT', () => undefined);
  // A plain `kill` of this process still stops PostgreSQL, rather than leaving it orphaned.
  process.on('SIGTERM', () => void stop());
  holder.pg = await startEmbeddedPostgres(options);
  process.send?.({ type: 'ready', adminUrl: holder.pg.adminUrl, dataDir: holder.pg.dataDir });
}

main().catch((error: unknown) => {
  // Exit only once the message is out: exiting at once loses it, and the parent could then only
  // say that PostgreSQL exited, not why.
  const exit = () => process.exit(1);
  if (process.send && process.connected) process.send({ type: 'failed', message: error instanceof Error ? error.message : String(error) }, exit);
  else exit();
});
