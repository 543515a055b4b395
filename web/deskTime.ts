// Times as people read them: in the desk's own zone (desk.yaml timeZone), never in UTC.
// ISO-8601 stays in the JSON API; pages show "2026-11-25 14:30".
import type { LoadedConfig } from '../config/load';
import { instantOfWallTime } from '../sla/zonedTime';

/** desk.yaml timeZone, else the quiet-hours calendar's zone, else the first calendar's. */
export function deskTimeZone(config: Pick<LoadedConfig, 'desk' | 'sla' | 'calendars'>): string {
  if (config.desk.timeZone) return config.desk.timeZone;
  const calendars = config.calendars.calendars;
  const quiet = config.sla.quietHoursCalendar ? calendars[config.sla.quietHoursCalendar] : undefined;
  return quiet?.timezone ?? Object.values(calendars)[0]?.timezone ?? 'UTC';
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // en-CA with h23 gives 2026-11-25, 14:30 — unambiguous in both languages.
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** "2026-11-25 14:30" in the zone; '' for no instant. */
export function formatDeskTime(iso: string | Date | null | undefined, timeZone: string): string {
  if (!iso) return '';
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(date.getTime())) return '';
  const parts = Object.fromEntries(formatterFor(timeZone).formatToParts(date).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** A length of time as people say it: 1d 2h, 2h 5m, 45m, 30s; negative for overdue. */
export function formatSpan(seconds: number): string {
  const sign = seconds < 0 ? '-' : '';
  let s = Math.round(Math.abs(seconds));
  if (s < 60) return `${sign}${s}s`;
  const d = Math.floor(s / 86_400);
  s -= d * 86_400;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const parts = d ? [`${d}d`, h ? `${h}h` : ''] : h ? [`${h}h`, m ? `${m}m` : ''] : [`${m}m`];
  return sign + parts.filter(Boolean).join(' ');
}

/**
 * "2026-12-02T10:00" as a browser's datetime-local sends it, read as wall time in the zone; an
 * ISO instant with an offset is taken as it is. null when it is neither.
 */
export function wallTimeInDeskZone(value: string, timeZone: string): string | null {
  if (/(?:Z|[+-]\d{2}:\d{2})$/.test(value)) return Number.isNaN(Date.parse(value)) ? null : new Date(value).toISOString();
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number);
  const wallMs = Date.UTC(y, mo - 1, d, h, mi, s || 0);
  if (new Date(wallMs).getUTCMonth() !== mo - 1 || h > 23 || mi > 59) return null;
  return new Date(instantOfWallTime(timeZone, wallMs)).toISOString();
}
