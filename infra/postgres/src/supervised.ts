import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { EmbeddedOptions, LocalPostgres } from './embedded';

/**
 * Starts embedded PostgreSQL through the supervisor process (see supervisor.ts), detached into
 * its own session so terminal signals do not stop it before the services that use it.
 */
export function startSupervisedPostgres(options: Omit<EmbeddedOptions, 'onLog'>): Promise<LocalPostgres> {
  const child = fork(join(__dirname, 'supervisor.ts'), [JSON.stringify(options)], { detached: true, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`embedded PostgreSQL exited before it was ready (code ${code})`));
    child.once('exit', onExit);
    child.on('message', (message: { type: string; adminUrl?: string; dataDir?: string; message?: string }) => {
      if (message.type === 'failed') reject(new Error(message.message));
      if (message.type !== 'ready') return;
      child.off('exit', onExit);
      resolve({
        adminUrl: message.adminUrl!,
        source: 'embedded',
        dataDir: message.dataDir,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || !child.connected) return done();
            child.once('exit', () => done());
            child.send({ type: 'stop' });
          }),
      });
    });
  });
}
