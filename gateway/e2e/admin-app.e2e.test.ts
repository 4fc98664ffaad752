import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_CSP } from '../src/admin-app';
import { startStack, type Stack } from './harness';

/** The built admin app served by the gateway at /admin/, from a stand-in build in a temporary folder. */
let stack: Stack;
let folder: string;
const INDEX = '<!doctype html><title>Praxis admin</title><script type="module" src="/admin/assets/app-3f9a1c.js"></script>';
const SCRIPT = 'console.log("praxis admin");';
const SECRET = 'the secret outside the app folder';

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'praxis-admin-app-'));
  const dist = join(folder, 'dist');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), INDEX);
  writeFileSync(join(dist, 'assets', 'app-3f9a1c.js'), SCRIPT);
  writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(folder, 'secret.txt'), SECRET);
  symlinkSync(join(folder, 'secret.txt'), join(dist, 'leak.txt'));
  stack = await startStack({ gatewayEnv: { ADMIN_APP_DIR: dist } });
});
afterAll(async () => {
  await stack?.stop();
  rmSync(folder, { recursive: true, force: true });
});

/** A GET with the path sent exactly as written: fetch and undici would resolve dot segments first. */
function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const url = new URL(stack.gatewayUrl);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ host: url.hostname, port: url.port, method: 'GET', path, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

function expectSecurityHeaders(headers: Record<string, string | string[] | undefined>) {
  expect(headers['content-security-policy']).toBe(ADMIN_CSP);
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');
}

test('the app is served at /admin/ with a CSP that allows no inline script, and index.html is not cached', async () => {
  const page = await get('/admin/');
  expect(page.status).toBe(200);
  expect(page.body).toBe(INDEX);
  expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(page.headers['cache-control']).toBe('no-cache');
  expectSecurityHeaders(page.headers);
  expect(ADMIN_CSP).toContain("script-src 'self';");
  expect(ADMIN_CSP).not.toContain("'unsafe-eval'");
  expect(ADMIN_CSP).toContain("frame-ancestors 'none'");
  const again = await get('/admin/', { 'if-none-match': String(page.headers.etag) });
  expect(again.status).toBe(304);
});

test('/admin redirects to /admin/, keeping the query', async () => {
  const answer = await get('/admin?next=%2Fadmin%2Fmembers');
  expect(answer.status).toBe(301);
  expect(answer.headers.location).toBe('/admin/?next=%2Fadmin%2Fmembers');
});

test('hashed assets are cached for good; other files are revalidated', async () => {
  const script = await get('/admin/assets/app-3f9a1c.js');
  expect(script.status).toBe(200);
  expect(script.body).toBe(SCRIPT);
  expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
  expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  expectSecurityHeaders(script.headers);
  const icon = await get('/admin/favicon.svg');
  expect(icon.headers['content-type']).toBe('image/svg+xml');
  expect(icon.headers['cache-control']).toBe('no-cache');
});

test('client routes fall back to index.html; missing files are 404', async () => {
  for (const path of ['/admin/communities/hpco-acp/join-requests', '/admin/members?role=MODERATOR', '/admin/index.html']) {
    const answer = await get(path);
    expect({ path, status: answer.status, body: answer.body }).toEqual({ path, status: 200, body: INDEX });
    expect(answer.headers['cache-control']).toBe('no-cache');
    expectSecurityHeaders(answer.headers);
  }
  for (const path of ['/admin/assets/app-000000.js', '/admin/assets/later', '/admin/robots.txt']) {
    const answer = await get(path);
    expect({ path, status: answer.status }).toEqual({ path, status: 404 });
    expectSecurityHeaders(answer.headers);
  }
});

test('no path leads out of the app folder, raw, encoded or through a link', async () => {
  const attempts = [
    '/admin/../package.json',
    '/admin/../secret.txt',
    '/admin/assets/../../secret.txt',
    '/admin/%2e%2e/secret.txt',
    '/admin/%2E%2E/secret.txt',
    '/admin/..%2fsecret.txt',
    '/admin/%2e%2e%2fsecret.txt',
    '/admin/..%5csecret.txt',
    '/admin/..\\secret.txt',
    '/admin/%252e%252e/secret.txt',
    '/admin/%2e%2e%2f%2e%2e%2fpackage.json',
    '/admin/.%2e/secret.txt',
    '/admin/%00../secret.txt',
    '/admin/leak.txt',
  ];
  for (const path of attempts) {
    const answer = await get(path);
    expect({ path, status: answer.status }).toEqual({ path, status: 404 });
    expect(answer.body).not.toContain(SECRET);
    expect(answer.body).not.toContain('"name"');
  }
  // Fastify's router refuses an undecodable path before the app sees it.
  expect((await get('/admin/%E0%A4%A/secret.txt')).status).toBe(400);
  // An absolute path is read inside the folder too: here a client route, so the app's page.
  for (const path of ['/admin//etc/passwd', '/admin/%2fetc%2fpasswd']) {
    expect((await get(path)).body).toBe(INDEX);
  }
});

// Last in the file: a second stack empties the worker's database.
test('without a built app, /admin/ is not served', async () => {
  const bare = await startStack({ gatewayEnv: { ADMIN_APP_DIR: join(folder, 'missing') } });
  try {
    const url = new URL(bare.gatewayUrl);
    for (const path of ['/admin/', '/admin']) {
      const answer = await new Promise<number>((resolve, reject) => httpRequest({ host: url.hostname, port: url.port, path }, (response) => resolve(response.resume().statusCode!)).on('error', reject).end());
      expect(answer).toBe(404);
    }
  } finally {
    await bare.stop();
  }
});
