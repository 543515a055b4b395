// GET /api/reports?from=&to=[&group=][&format=json|csv|html|table]: the service report, for staff.
// JSON keys in camelCase; every rate as { numerator, denominator, value } (DESIGN §4).
import { Hono } from 'hono';
import { z } from 'zod';
import { deskTimeZone } from '../config/deskZone';
import type { ConfigSource } from '../config/source';
import { REPORT_CONTENT_TYPES, REPORT_FORMATS, renderReport } from '../report/render';
import { InvalidPeriodError, parsePeriod } from '../sla/period';
import type { AuthEnv } from './auth';
import { fieldErrors, problems } from './problem';
import type { GatheredReport, ReportRequest } from './reportService';

const ReportQuerySchema = z
  .object({
    from: z.string().min(1),
    to: z.string().min(1),
    group: z.string().regex(/^[a-z][a-z0-9-]*$/).optional(),
    format: z.enum(REPORT_FORMATS).default('json'),
  })
  .strict();

export function reportsRouter(gather: (request: ReportRequest) => Promise<GatheredReport>, config: ConfigSource) {
  const app = new Hono<AuthEnv>();
  app.get('/', async (c) => {
    const principal = c.get('principal');
    if (principal.role === 'requester') throw problems.forbidden('reports are for staff (agent or admin)');
    const parsed = ReportQuerySchema.safeParse(c.req.query());
    if (!parsed.success) throw problems.invalidBody(fieldErrors(parsed.error, 'query'));
    const { from, to, group, format } = parsed.data;
    const current = config.current();
    if (group && !current.groups.groups[group]) throw problems.invalidBody([{ path: 'query.group', message: `unknown group '${group}'` }]);
    const timeZone = deskTimeZone(current);
    let period;
    try {
      period = parsePeriod(from, to, timeZone);
    } catch (err) {
      if (err instanceof InvalidPeriodError) throw problems.invalidBody([{ path: `query.${err.field}`, message: err.message }]);
      throw err;
    }
    const report = await gather({ ...period, timeZone, group });
    return c.body(renderReport(report, format, current.desk.name), 200, { 'content-type': REPORT_CONTENT_TYPES[format] });
  });
  return app;
}
