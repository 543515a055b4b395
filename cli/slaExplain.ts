// `itdesk sla explain IT-000123 [--json]`: each clock's target, consumed and paused business
// time, due instant in the calendar's zone, and which escalation levels fired when.
import { parseArgs } from 'node:util';
import { createTicketService } from '../api/ticketService';
import { defaultConfigDir } from '../config/load';
import { createConfigSource } from '../config/source';
import { explainSla, formatSlaExplanation } from '../sla/explain';
import { connectClient } from '../temporal/connection';
import { loadTemporalSettings } from '../temporal/settings';

export async function slaExplain(args: string[], out = console.log): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' }, config: { type: 'string' } } });
  const [number] = positionals;
  if (!number) {
    out('usage: itdesk sla explain IT-000123 [--json]');
    return 2;
  }
  const config = await createConfigSource(values.config ?? defaultConfigDir());
  const settings = await loadTemporalSettings();
  const client = await connectClient(settings);
  try {
    const ticket = await createTicketService({ client, settings, config }).read(number.toUpperCase());
    const explained = explainSla(ticket, config.current().calendars, new Date());
    out(values.json ? JSON.stringify(explained, null, 2) : formatSlaExplanation(explained));
    return 0;
  } finally {
    await client.connection.close();
  }
}
