import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP_DIR, STATE_FILE } from './state';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Starts the stack in its own process and waits until it has written its state; Playwright
 * calls the returned function after the last test, which stops the stack.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync(join(APP_DIR, 'index.html'))) throw new Error(`Build the app first (npm run build -w admin): no ${APP_DIR}/index.html`);
  await mkdir(dirname(STATE_FILE), { recursive: true });
  await rm(STATE_FILE, { force: true });
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=praxis-source', 'admin/e2e/stack.ts', STATE_FILE], { cwd: repo, stdio: ['ignore', 'inherit', 'inherit'] });
  const exited = new Promise<number | null>((done) => child.once('exit', done));
  const deadline = Date.now() + 120_000;
  while (!existsSync(STATE_FILE)) {
    if (child.exitCode !== null) throw new Error(`the e2e stack exited with ${child.exitCode} before it was ready`);
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error('the e2e stack was not ready within 120 s');
    }
    await new Promise((wait) => setTimeout(wait, 200));
  }
  return async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.race([exited, new Promise((wait) => setTimeout(wait, 15_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  };
}
