import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The postmaster's pid, from the lock file PostgreSQL keeps in its data folder. */
export function postmasterPid(dataDir: string): number {
  return Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
}

function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command may contain spaces and parentheses; the fields after its closing one are fixed.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === pid) children.push(Number(entry));
    } catch {
      // The process ended while being read.
    }
  }
  return children;
}

/** A power cut, as near as a test gets: the postmaster and every backend die at once, with no shutdown. */
export async function killCluster(dataDir: string): Promise<void> {
  const pid = postmasterPid(dataDir);
  const children = childrenOf(pid);
  process.kill(pid, 'SIGKILL');
  for (const child of [...children, ...childrenOf(pid)]) {
    try {
      process.kill(child, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  const deadline = Date.now() + 10_000;
  while ([pid, ...children].some((each) => existsSync(`/proc/${each}/stat`) && !readFileSync(`/proc/${each}/stat`, 'utf8').includes(') Z '))) {
    if (Date.now() > deadline) throw new Error('PostgreSQL processes survived SIGKILL');
    await new Promise((done) => setTimeout(done, 20));
  }
}
