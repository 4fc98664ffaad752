import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { Replica } from './replica';

/** An SMTP server that counts accepted messages per recipient and can hold one recipient's mail unanswered. */
export interface HoldingSmtp {
  url: string;
  /** Accepted messages per recipient. */
  delivered: Map<string, number>;
  /** Resolves with the client's port when a message to a held recipient has been sent and is waiting for its answer. */
  held: Promise<number>;
  /** Lets held recipients through from now on (connections already held stay held until they drop). */
  release(): void;
  close(): Promise<void>;
}

export async function startHoldingSmtp(hold: (recipient: string) => boolean): Promise<HoldingSmtp> {
  const delivered = new Map<string, number>();
  let holding = true;
  let signal!: (port: number) => void;
  const held = new Promise<number>((resolve) => (signal = resolve));
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      stream.resume();
      stream.on('end', () => {
        const recipients = session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase());
        if (holding && recipients.some(hold)) {
          // Never answered: the sender is stopped mid-job, holding the job.
          signal(session.remotePort);
          return;
        }
        for (const recipient of recipients) delivered.set(recipient, (delivered.get(recipient) ?? 0) + 1);
        callback();
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    delivered,
    held,
    release: () => (holding = false),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Which of the replicas owns the TCP connection whose client end is on `localPort`: the
 * socket's inode from /proc/net/tcp, found among each process's open files (Linux only).
 */
export function replicaOwningConnection(localPort: number, candidates: Replica[]): Replica | undefined {
  const hex = localPort.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields[1]?.endsWith(`:${hex}`)) inodes.add(fields[9]!);
    }
  }
  return candidates.find((replica) => {
    const pid = replica.child.pid;
    if (!pid) return false;
    try {
      return readdirSync(`/proc/${pid}/fd`).some((fd) => {
        try {
          const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
          return match ? inodes.has(match[1]!) : false;
        } catch {
          return false;
        }
      });
    } catch {
      return false;
    }
  });
}

/** Per job id of one queue, the replicas whose log says they finished it. */
export function jobsDone(replicas: Replica[], job: string): Map<string, string[]> {
  const done = new Map<string, string[]>();
  for (const replica of replicas) {
    for (const line of replica.logs()) {
      if (line.msg === 'job done' && line.job === job) done.set(String(line.jobId), [...(done.get(String(line.jobId)) ?? []), replica.name]);
    }
  }
  return done;
}
