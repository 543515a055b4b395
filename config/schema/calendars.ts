// calendars.yaml: the business calendars SLA policies count time on (see docs/sla-calendars.md).
import { z } from 'zod';
import { CalendarSchema } from '../../sla/calendarSchema';

export const CalendarsSchema = z
  .object({ calendars: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/), CalendarSchema) })
  .strict();
export type CalendarsConfig = z.infer<typeof CalendarsSchema>;
