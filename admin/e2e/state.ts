import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What the stack process hands the browser tests. */
export interface E2eState {
  gatewayUrl: string;
  appUrl: string;
  mailUrl: string;
  password: string;
  coordinator: { email: string; id: string };
  plainMember: { email: string; id: string };
  community: { id: string; name: string };
  network: { id: string; timeZone: string };
}

export const STATE_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', 'test-results', 'e2e-state.json');

export function readState(): E2eState {
  return JSON.parse(readFileSync(STATE_FILE, 'utf8')) as E2eState;
}
