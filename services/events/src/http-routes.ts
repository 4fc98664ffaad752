import type { FastifyInstance, FastifyReply } from 'fastify';
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
 * The plain HTTP routes calendar programs and browsers fetch directly: iCalendar files and
 * feeds, and certificates of attendance. They are outside the graph because calendar
 * programs speak only HTTP GET; a private calendar token stands in for the viewer.
 */
export function registerHttpRoutes(app: FastifyInstance, domain: EventsDomain): void {
  app.get<{ Params: { eventId: string }; Querystring: { token?: string } }>('/events/:eventId/event.ics', async (request, reply) =>
    sendCalendar(reply, await domain.calendars.eventFile(request.params.eventId, request.query.token), 'event.ics'),
  );

  app.get<{ Params: { communityId: string }; Querystring: { token?: string } }>('/calendars/communities/:communityId/events.ics', async (request, reply) =>
    sendCalendar(reply, await domain.calendars.communityFeed(request.params.communityId, request.query.token), 'events.ics'),
  );

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
