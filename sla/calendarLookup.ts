// Binds the configured calendars to the CalendarMath interface the clock ledgers use.
// Compiled calendars are cached per config version: compiling on every clock event is waste.
import type { CalendarsConfig } from '../config/schema/calendars';
import { addBusinessSeconds, businessSecondsBetween, compileCalendar, isWorkingInstant, nextWorkingInstant } from './calendar';
import type { CalendarMath } from './clock';

export class UnknownCalendarError extends Error {
  constructor(id: string) {
    super(`unknown calendar '${id}'`);
    this.name = 'UnknownCalendarError';
  }
}

type CompiledMath = CalendarMath & { isWorking(at: Date): boolean };
const cache = new WeakMap<CalendarsConfig, Map<string, CompiledMath>>();

export function calendarLookup(config: CalendarsConfig): (id: string) => CompiledMath {
  let compiled = cache.get(config);
  if (!compiled) {
    compiled = new Map();
    for (const [id, calendarConfig] of Object.entries(config.calendars)) {
      const cal = compileCalendar(id, calendarConfig);
      compiled.set(id, {
        secondsBetween: (from, to) => businessSecondsBetween(cal, from, to),
        addSeconds: (from, seconds) => addBusinessSeconds(cal, from, seconds),
        nextWorkingInstant: (at) => nextWorkingInstant(cal, at),
        isWorking: (at) => isWorkingInstant(cal, at),
      });
    }
    cache.set(config, compiled);
  }
  const table = compiled;
  return (id) => {
    const math = table.get(id);
    if (!math) throw new UnknownCalendarError(id);
    return math;
  };
}
