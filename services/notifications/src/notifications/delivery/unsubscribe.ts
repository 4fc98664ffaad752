import { createSecretKey, type KeyObject } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { jwtVerify, SignJWT } from 'jose';
import { DomainError, errors, html, isUuid, type HttpMemberContacts, type ServiceRuntime } from '@praxis/platform';
import { DIGEST_DEFAULTS, isNotificationKind } from './channels';

/** What a token unsubscribes from: one kind, or the digest. */
export const DIGEST_TOKEN_KIND = 'DIGEST';
export const UNSUBSCRIBE_PATH = '/notifications/unsubscribe';

export interface UnsubscribeResult {
  kind: string | null;
  digest: boolean;
}

/** Where a one-click unsubscribe goes: the gateway's public address, which forwards it here. */
export function unsubscribeLink(publicGraphUrl: string, token: string): string {
  return `${publicGraphUrl}${UNSUBSCRIBE_PATH}?token=${encodeURIComponent(token)}`;
}

/** RFC 8058 one-click unsubscribe: mail clients show a button and POST to the link themselves. */
export function unsubscribeHeaders(publicGraphUrl: string, token: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${unsubscribeLink(publicGraphUrl, token)}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

const invalidToken = () => errors.badInput('token', 'This unsubscribe link is not valid.');

/**
 * Signed unsubscribe tokens: `{ sub: memberId, k: kind | 'DIGEST', v: 1 }`, HS256, without
 * expiry, because a link in an old email must still work without signing in.
 */
export class UnsubscribeTokens {
  // Imported once: a fan-out signs a token for each of thousands of recipients.
  private readonly key: KeyObject;

  constructor(secret: string) {
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  sign(memberId: string, kind: string): Promise<string> {
    return new SignJWT({ k: kind, v: 1 }).setProtectedHeader({ alg: 'HS256' }).setSubject(memberId).sign(this.key);
  }

  /** The member and kind of a genuine token; BAD_USER_INPUT on `token` for anything else. */
  async verify(token: unknown): Promise<{ memberId: string; kind: string }> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 1000) throw invalidToken();
    let payload;
    try {
      ({ payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'] }));
    } catch {
      throw invalidToken();
    }
    const { sub, k, v } = payload as { sub?: unknown; k?: unknown; v?: unknown };
    if (v !== 1 || !isUuid(sub) || !(k === DIGEST_TOKEN_KIND || isNotificationKind(k))) throw invalidToken();
    return { memberId: sub, kind: k };
  }
}

/** Applies tokens: the kind becomes in-app only, or the digest is turned off, in the member's preferences row. */
export class Unsubscriber {
  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly tokens: UnsubscribeTokens,
    private readonly contacts: HttpMemberContacts,
  ) {}

  async unsubscribe(token: unknown): Promise<UnsubscribeResult> {
    const { memberId, kind } = await this.tokens.verify(token);
    const digest = kind === DIGEST_TOKEN_KIND;
    // An erased account keeps no preferences; a link from an old email must not bring a row back.
    if (!(await this.deleted(memberId))) await this.write(memberId, digest ? null : kind);
    return { kind: digest ? null : kind, digest };
  }

  private async deleted(memberId: string): Promise<boolean> {
    try {
      const [contact] = await this.contacts.byIds([memberId]);
      return !contact || contact.deleted;
    } catch (error) {
      // Unsubscribing must work while membership is down; writing a row for an erased member is the lesser harm.
      this.runtime.logger.warn({ err: error }, 'contacts unavailable while unsubscribing');
      return false;
    }
  }

  private async write(memberId: string, kind: string | null): Promise<void> {
    const now = this.runtime.clock.now();
    const channels = kind ? JSON.stringify({ [kind]: 'IN_APP' }) : '{}';
    await this.runtime.db.query(
      `INSERT INTO preferences (member_id, channels, digest_frequency, digest_weekday, digest_hour, time_zone, updated_at)
       VALUES ($1, $2::jsonb, $3, $4, $5,
         COALESCE((SELECT n.time_zone FROM community_members cm JOIN networks n ON n.id = cm.network_id WHERE cm.member_id = $1 ORDER BY cm.joined_at, cm.community_id LIMIT 1), 'UTC'),
         $6)
       ON CONFLICT (member_id) DO UPDATE SET
         channels = preferences.channels || EXCLUDED.channels,
         digest_frequency = CASE WHEN $7 THEN 'OFF' ELSE preferences.digest_frequency END,
         updated_at = EXCLUDED.updated_at`,
      [memberId, channels, kind ? DIGEST_DEFAULTS.frequency : 'OFF', DIGEST_DEFAULTS.weekday, DIGEST_DEFAULTS.hour, now, kind === null],
    );
  }
}

const page = (title: string, body: ReturnType<typeof html>) => html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head>
<body style="font-family: system-ui, sans-serif; line-height: 1.5; max-width: 32rem; margin: 3rem auto; padding: 0 1rem; color: #1d2733">
<h1 style="font-size: 1.4rem">${title}</h1>
${body}
</body></html>`;

function sendPage(reply: FastifyReply, status: number, content: ReturnType<typeof html>) {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")
    .send(content.value);
}

/** What a token stops, in the words of the page. */
const KIND_LABELS: Record<string, string> = {
  MENTION: 'emails when someone mentions you',
  THREAD_REPLY: 'emails about replies in discussions you follow',
  NEW_THREAD: 'emails about new discussions in forums you follow',
  JOIN_REQUEST_PENDING: 'emails about join requests waiting for you',
  JOIN_REQUEST_DECIDED: 'emails about decisions on your join requests',
  EVENT_REMINDER: 'event reminder emails',
  WAITLIST_PROMOTED: 'emails when you move off a waitlist',
  EVENT_CHANGED: 'emails about cancelled or rescheduled events',
  CERTIFICATE_READY: 'emails when a certificate of attendance is ready',
  RESOURCE_REVIEWED: 'emails about reviews of your library contributions',
  POST_MODERATED: 'emails when a moderator hides or removes your post',
  [DIGEST_TOKEN_KIND]: 'the digest email',
};

const whatOf = (kind: string) => KIND_LABELS[kind] ?? 'these emails';

/**
 * GET shows a page with a button and never unsubscribes, because mail scanners open links;
 * POST is RFC 8058's one-click unsubscribe (body `List-Unsubscribe=One-Click`) and the button's target.
 */
export function registerUnsubscribeRoutes(app: FastifyInstance, tokens: UnsubscribeTokens, unsubscriber: Unsubscriber): void {
  void app.register(async (scope) => {
    // The token travels in the query string; the body (form or multipart) says only "one click", so it is read and ignored.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 16_384 }, (_request, _body, done) => done(null, undefined));

    scope.get<{ Querystring: { token?: string } }>(UNSUBSCRIBE_PATH, async (request, reply) => {
      const token = request.query.token;
      let kind: string;
      try {
        ({ kind } = await tokens.verify(token));
      } catch {
        return sendPage(reply, 400, page('This link does not work', html`<p>This unsubscribe link is not valid. Open it again from the email, or change what you receive in your notification settings.</p>`));
      }
      return sendPage(
        reply,
        200,
        page(
          'Unsubscribe',
          html`<p>Stop ${whatOf(kind)}? You will still see every notification in Praxis, and you can turn emails back on in your notification settings.</p>
<form method="post" action="${UNSUBSCRIBE_PATH}?token=${encodeURIComponent(token!)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>`,
        ),
      );
    });

    scope.post<{ Querystring: { token?: string } }>(UNSUBSCRIBE_PATH, async (request, reply) => {
      try {
        const result = await unsubscriber.unsubscribe(request.query.token);
        const what = whatOf(result.kind ?? DIGEST_TOKEN_KIND);
        if ((request.headers.accept ?? '').includes('text/html')) {
          return sendPage(reply, 200, page('Unsubscribed', html`<p>You will get no more ${what}. You can turn them back on in your notification settings.</p>`));
        }
        return reply.code(200).type('text/plain; charset=utf-8').header('cache-control', 'no-store').send(`Unsubscribed from ${what}.\n`);
      } catch (error) {
        if (!(error instanceof DomainError) || error.code !== 'BAD_USER_INPUT') throw error;
        return reply.code(400).type('text/plain; charset=utf-8').header('cache-control', 'no-store').send('This unsubscribe link is not valid.\n');
      }
    });
  });
}
