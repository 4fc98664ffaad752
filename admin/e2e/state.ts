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
  /** The demo data's sign-ins (README, "Try it"). */
  demo: { coordinatorEmail: string; password: string };
}

/** Where a run keeps its state, screenshots and traces; PRAXIS_E2E_OUT keeps two runs on one checkout apart. */
export const OUT_DIR = process.env.PRAXIS_E2E_OUT ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'test-results');
export const STATE_FILE = join(OUT_DIR, 'e2e-state.json');
/** The built app the gateway serves; PRAXIS_E2E_DIST points at another build. */
export const APP_DIR = process.env.PRAXIS_E2E_DIST ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');

export function readState(): E2eState {
  return JSON.parse(readFileSync(STATE_FILE, 'utf8')) as E2eState;
}
