// Durations as admins write them ("15m", "2h", "7h30m", "45s") parsed to whole seconds.
import { z } from 'zod';

const UNIT_SECONDS: Record<string, number> = { d: 86_400, h: 3_600, m: 60, s: 1 };
const DURATION_PATTERN = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

export function parseDurationSeconds(text: string): number | null {
  const match = DURATION_PATTERN.exec(text.trim());
  if (!match || text.trim() === '') return null;
  const [, d, h, m, s] = match;
  return (
    Number(d ?? 0) * UNIT_SECONDS.d + Number(h ?? 0) * UNIT_SECONDS.h + Number(m ?? 0) * UNIT_SECONDS.m + Number(s ?? 0)
  );
}

export function formatDuration(totalSeconds: number): string {
  const sign = totalSeconds < 0 ? '-' : '';
  let rest = Math.abs(Math.round(totalSeconds));
  const parts: string[] = [];
  for (const unit of ['h', 'm', 's'] as const) {
    const size = UNIT_SECONDS[unit];
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count) parts.push(`${count}${unit}`);
  }
  return sign + (parts.join('') || '0s');
}

// Both schemas carry a pattern and a description into the exported JSON Schema, so an editor
// flags "2 hours" as it is typed; the transforms still reject what a pattern cannot (zero, > 1000%).
const durationMessage = (input: unknown) => `invalid duration '${String(input)}' (write e.g. 30s, 15m, 2h, 7h30m, 1d)`;
const percentMessage = (input: unknown) => `invalid percentage '${String(input)}' (write e.g. 75% or 100%)`;

/** A positive duration in YAML, e.g. `7h30m`; the parsed value is seconds. */
export const DurationSchema = z
  // A bare number is the usual slip ("response: 30"): say which unit is missing, not just "string".
  .string({ error: (issue) => (issue.input === undefined ? undefined : `expected a duration with a unit such as 30m or 2h, got ${JSON.stringify(issue.input)}`) })
  .regex(/^\s*(\d+d)?(\d+h)?(\d+m)?(\d+s)?\s*$/, { error: (issue) => durationMessage(issue.input) })
  .describe('a duration such as 30s, 15m, 2h, 7h30m or 1d')
  .transform((text, ctx) => {
    const seconds = parseDurationSeconds(text);
    if (seconds === null || seconds <= 0) {
      ctx.addIssue({ code: 'custom', message: durationMessage(text) });
      return z.NEVER;
    }
    return seconds;
  });

/** "75%" → 75 */
export const PercentSchema = z
  .string({ error: (issue) => (issue.input === undefined ? undefined : `expected a percentage such as 75%, got ${JSON.stringify(issue.input)}`) })
  .regex(/^\s*\d{1,3}%\s*$/, { error: (issue) => percentMessage(issue.input) })
  .describe('a share of the SLA target such as 50%, 75% or 100%')
  .transform((text, ctx) => {
    const match = /^(\d{1,3})%$/.exec(text.trim());
    const value = match ? Number(match[1]) : NaN;
    if (!match || value <= 0 || value > 1000) {
      ctx.addIssue({ code: 'custom', message: percentMessage(text) });
      return z.NEVER;
    }
    return value;
  });
