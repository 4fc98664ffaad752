import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ANONYMOUS, VIEWER_HEADER, type InternalAuth, type Viewer } from '@praxis/platform';
import type { EventsDomain } from './events';
import type { CalendarAnswer } from './events/calendars';
import { renderCertificate } from './events/certificate-pdf';

function sendCalendar(reply: FastifyReply, answer: CalendarAnswer, filename: string) {
  if (answer.status !== 200) return reply.code(answer.status).type('text/plain; charset=utf-8').send(answer.body);
  return reply
    .type('text/calendar; charset=utf-8')
    .header('content-disposition', `inline; filename="${filename}"`)
    // Feeds hold what the token may see: never in shared caches.
    .header('cache-control', 'private, max-age=300')
    .send(answer.body);
}

/**
 * The viewer the gateway vouched for, from a bearer token on the request; anonymous without
 * one; null for a statement that fails its signature, refused as in the graph.
 */
async function viewerOf(request: FastifyRequest, auth: InternalAuth): Promise<Viewer | null> {
  const header = request.headers[VIEWER_HEADER];
  if (header === undefined) return ANONYMOUS;
  return auth.verifyViewer(Array.isArray(header) ? (header[0] ?? '') : header).catch(() => null);
}

const FORGED = { status: 401, body: 'The viewer identity on this request is not valid.' } as const;

/**
 * The plain HTTP routes calendar programs and browsers fetch directly: iCalendar files and
 * feeds, and certificates of attendance. They are outside the graph because calendar
 * programs speak only HTTP GET; a private calendar token stands in for the viewer. Through the
 * gateway a browser may send its bearer token instead, which arrives as the signed viewer.
 */
export function registerHttpRoutes(app: FastifyInstance, domain: EventsDomain): void {
  const auth = domain.deps.runtime.auth;
  app.get<{ Params: { eventId: string }; Querystring: { token?: string } }>('/events/:eventId/event.ics', async (request, reply) => {
    const viewer = await viewerOf(request, auth);
    return sendCalendar(reply, viewer ? await domain.calendars.eventFile(request.params.eventId, request.query.token, viewer) : FORGED, 'event.ics');
  });

  app.get<{ Params: { communityId: string }; Querystring: { token?: string } }>('/calendars/communities/:communityId/events.ics', async (request, reply) => {
    const viewer = await viewerOf(request, auth);
    return sendCalendar(reply, viewer ? await domain.calendars.communityFeed(request.params.communityId, request.query.token, viewer) : FORGED, 'events.ics');
  });

  app.get<{ Params: { token: string } }>('/calendars/members/:token/registrations.ics', async (request, reply) =>
    sendCalendar(reply, await domain.calendars.registrationsFeed(request.params.token), 'registrations.ics'),
  );

  app.get<{ Params: { code: string } }>('/certificates/:code/certificate.pdf', async (request, reply) => {
    const record = await domain.attendance.certificate(request.params.code);
    if (!record) return reply.code(404).type('text/plain; charset=utf-8').send('No certificate has this code.');
    const name = await domain.names.displayName(record.memberId);
    const pdf = await renderCertificate(record, name, 'Check this code with the verifyEventCertificate query of the Praxis API.');
    return reply.type('application/pdf').header('content-disposition', `inline; filename="certificate-${record.code}.pdf"`).header('cache-control', 'private, no-store').send(pdf);
  });
}
