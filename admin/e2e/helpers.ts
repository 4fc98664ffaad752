import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { join } from 'node:path';
import { OUT_DIR, type E2eState } from './state';

type AxePage = ConstructorParameters<typeof AxeBuilder>[0]['page'];

export const SCREENSHOTS = join(OUT_DIR, 'screens');

/** Saves the screen as a test artefact and checks it with axe: no serious or critical violation. */
export async function checkScreen(page: Page, name: string): Promise<void> {
  // A toast still fading in is half transparent, and axe measures its text's contrast as it is at
  // that instant: check the screen as the person reads it, once its transitions have ended
  // (a spinner's endless animation does not count).
  await page.waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== 'running' || animation.effect?.getComputedTiming().iterations === Infinity));
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  // @axe-core/playwright types its page with its own copy of playwright-core; the object is the same.
  const results = await new AxeBuilder({ page: page as unknown as AxePage }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const serious = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  expect(serious.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`)).toEqual([]);
}

export async function signInAs(page: Page, state: E2eState, email: string, password = state.password): Promise<void> {
  await page.goto(`${state.appUrl}sign-in`);
  await page.getByRole('textbox', { name: 'Email address' }).fill(email);
  await page.getByRole('textbox', { name: 'Password' }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
}

interface GraphQLAnswer<T> {
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** Speaks to the graph as another front-end would, for the parts of a flow that happen outside the app. */
export async function graph<T>(state: E2eState, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const response = await fetch(`${state.gatewayUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as GraphQLAnswer<T>;
  if (body.errors?.length || !body.data) throw new Error(`GraphQL failed: ${JSON.stringify(body.errors)}`);
  return body.data;
}

export async function tokenFor(state: E2eState, email: string, password = state.password): Promise<string> {
  const data = await graph<{ signIn: { accessToken: string } }>(state, 'mutation ($input: SignInInput!) { signIn(input: $input) { accessToken } }', { input: { email, password } });
  return data.signIn.accessToken;
}

interface Mail {
  to: string[];
  subject: string;
  text: string;
}

/** Waits for an email to arrive at the stack's SMTP server. */
export async function mailTo(state: E2eState, address: string): Promise<Mail> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const messages = (await (await fetch(state.mailUrl)).json()) as Mail[];
    const found = messages.find((message) => message.to.some((to) => to.toLowerCase() === address.toLowerCase()));
    if (found) return found;
    await new Promise((wait) => setTimeout(wait, 100));
  }
  throw new Error(`no email to ${address}`);
}

/** Someone new signs up, verifies their address from the email, and asks to join the community (the factory one unless named), all through the graph. */
export async function newApplicant(state: E2eState, name: string, answer: string, message: string, communityId = state.community.id): Promise<{ email: string; token: string; requestId: string }> {
  const handle = `${name.toLowerCase().replace(/[^a-z]/g, '_')}_${Date.now().toString(36)}`.slice(0, 30);
  const email = `${handle}@applicants.example.org`;
  await graph(state, 'mutation ($input: SignUpInput!) { signUp(input: $input) { ok } }', {
    input: { email, password: state.password, handle, displayName: name, participantType: 'STAFF' },
  });
  const mail = await mailTo(state, email);
  const verification = decodeURIComponent(/token=([A-Za-z0-9_%-]+)/.exec(mail.text)![1]!);
  await graph(state, 'mutation ($input: VerifyEmailInput!) { verifyEmail(input: $input) { member { id } } }', { input: { token: verification } });
  const token = await tokenFor(state, email);
  const { community } = await graph<{ community: { questions: { id: string }[] } }>(state, 'query ($id: ID!) { community(id: $id) { questions { id } } }', { id: communityId }, token);
  const { requestToJoin } = await graph<{ requestToJoin: { joinRequest: { id: string } } }>(
    state,
    'mutation ($input: RequestToJoinInput!) { requestToJoin(input: $input) { joinRequest { id } } }',
    { input: { communityId, answers: community.questions.map((question) => ({ questionId: question.id, answer })), message } },
    token,
  );
  return { email, token, requestId: requestToJoin.joinRequest.id };
}
