// `itdesk sla due --priority P3 --at <ISO> [--category C] [--vip]`: each clock's due instant
// for a ticket opened at that instant under the current config.
import { parseArgs } from 'node:util';
import { defaultConfigDir, loadConfigOrThrow } from '../config/load';
import { describeInstant, compileCalendar } from '../sla/calendar';
import { calendarLookup } from '../sla/calendarLookup';
import { applyClockEvent, viewClock, type ClockEvent, type ClockLedger, type ClockName } from '../sla/clock';
import { planTicket } from '../ticket/plan';
import { ownValue } from '../config/lookup';

export async function slaDue(args: string[], out = console.log): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { priority: { type: 'string' }, at: { type: 'string' }, category: { type: 'string' }, vip: { type: 'boolean' }, config: { type: 'string' } },
  });
  if (!values.priority || !values.at) {
    out('usage: itdesk sla due --priority P3 --at 2026-09-30T17:00:00+08:00 [--category C] [--vip]');
    return 2;
  }
  const openedAt = new Date(values.at);
  if (Number.isNaN(openedAt.getTime())) {
    out(`--at: not an ISO-8601 instant: ${values.at}`);
    return 2;
  }
  const config = await loadConfigOrThrow(values.config ?? defaultConfigDir());
  const plan = planTicket(
    config,
    { requester: { name: 'cli', email: 'cli@example.invalid', vip: values.vip }, channel: 'api', title: 'sla due', description: '' },
    { priority: values.priority, category: values.category },
  );
  const calendars = calendarLookup(config.calendars);
  let ledgers: ClockLedger[] = [];
  for (const [clock, target] of Object.entries(plan.clocks) as Array<[ClockName, NonNullable<(typeof plan.clocks)[ClockName]>]>) {
    const event: ClockEvent = { type: 'start', clock, calendarId: target.calendarId, targetSeconds: target.targetSeconds };
    ledgers = applyClockEvent(ledgers, event, openedAt, calendars);
  }
  for (const ledger of ledgers) {
    const view = viewClock(ledger, openedAt, calendars);
    const cal = compileCalendar(ledger.calendarId, ownValue(config.calendars.calendars, ledger.calendarId)!);
    out(`${view.name}\t${describeInstant(cal, new Date(view.dueAt!))}\t(${plan.priority}, ${Math.round(view.targetSeconds / 60)} business min on ${ledger.calendarId}, policy ${plan.slaPolicy})`);
  }
  return 0;
}
