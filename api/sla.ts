// GET /api/tickets/{number}/sla: the `sla explain` view of one ticket's clocks over HTTP.
// Readable by whoever may read the ticket: staff, or the requester who opened it.
import { Hono } from 'hono';
import type { ConfigSource } from '../config/source';
import { explainSla } from '../sla/explain';
import type { AuthEnv } from './auth';
import { problems } from './problem';
import { slaFor } from './roleViews';
import type { TicketService } from './ticketService';

export function slaRouter(service: TicketService, config: ConfigSource, now: () => Date = () => new Date()) {
  const app = new Hono<AuthEnv>();
  app.get('/:number/sla', async (c) => {
    const number = c.req.param('number');
    const ticket = await service.read(number);
    const principal = c.get('principal');
    // As for GET /api/tickets/{number}: someone else's ticket does not exist (404, not 403).
    if (principal.role === 'requester' && principal.subject.toLowerCase() !== ticket.intake.requester.email.toLowerCase())
      throw problems.notFound(`no ticket ${number}`);
    return c.json(slaFor(principal, explainSla(ticket, config.current().calendars, now())));
  });
  return app;
}
