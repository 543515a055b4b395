// calendars.yaml: the business calendars SLA policies count time on (see docs/sla-calendars.md).
import { z } from 'zod';
import { CalendarSchema } from '../../sla/calendarSchema';
import { kebabId } from './ids';

export const CalendarsSchema = z
  .object({ calendars: z.record(kebabId('calendar ids are lower-case kebab-case'), CalendarSchema) })
  .strict();
export type CalendarsConfig = z.infer<typeof CalendarsSchema>;
