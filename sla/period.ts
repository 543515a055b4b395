// A period people type: `2026-11-01` is local midnight in the desk's zone, an ISO-8601 instant
// with an offset is taken as is. Periods are half-open, [from, to): --to 2026-12-01 is November.
import { MS_PER_DAY, parseCivilDate } from './civilDate';
import { instantOfWallTime } from './zonedTime';



export class InvalidPeriodError extends Error {
  constructor(readonly field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'InvalidPeriodError';
  }
}

export function parsePeriodBound(text: string, timeZone: string, field: string): Date {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(text) ? parseCivilDate(text) : undefined;
  if (day !== undefined) return new Date(instantOfWallTime(timeZone, day * MS_PER_DAY));
  if (/^\d{4}-\d{2}-\d{2}T.+(Z|[+-]\d{2}:\d{2})$/.test(text) && !Number.isNaN(Date.parse(text))) return new Date(text);
  throw new InvalidPeriodError(field, `'${text}' is neither a date (YYYY-MM-DD) nor an ISO-8601 instant with an offset`);
}

export interface Period {
  from: Date;
  to: Date;
}

export function parsePeriod(from: string, to: string, timeZone: string): Period {
  const period = { from: parsePeriodBound(from, timeZone, 'from'), to: parsePeriodBound(to, timeZone, 'to') };
  if (period.to <= period.from) throw new InvalidPeriodError('to', `'${to}' is not after '${from}' (the period is [from, to))`);
  return period;
}
