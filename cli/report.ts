// `itdesk report --from 2026-11-01 --to 2026-12-01 [--group G] [--format table|csv|json|html] [--out FILE] [--archive-only]`:
// the service report over the archive (read-only store file) and the tickets still open in Temporal.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { gatherReport } from '../api/reportService';
import { deskTimeZone } from '../config/deskZone';
import { defaultConfigDir, loadConfigOrThrow } from '../config/load';
import { REPORT_FORMATS, renderReport, type ReportFormat } from '../report/render';
import { InvalidPeriodError, parsePeriod } from '../sla/period';
import { openReadOnlyDatabase } from '../store/db';
import { connectClient } from '../temporal/connection';
import { loadTemporalSettings } from '../temporal/settings';
import { storeFile } from './storeFile';

const USAGE = 'usage: itdesk report --from YYYY-MM-DD --to YYYY-MM-DD [--group G] [--format table|csv|json|html] [--out FILE] [--archive-only]';

export async function report(args: string[], out: (text: string) => void = (text) => process.stdout.write(text), err = console.error): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { from: { type: 'string' }, to: { type: 'string' }, group: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, 'archive-only': { type: 'boolean' }, config: { type: 'string' } },
  });
  const format = (values.format ?? 'table') as ReportFormat;
  if (!values.from || !values.to || !REPORT_FORMATS.includes(format)) {
    err(USAGE);
    return 2;
  }
  const config = await loadConfigOrThrow(values.config ?? defaultConfigDir());
  if (values.group && !config.groups.groups[values.group]) {
    err(`unknown group '${values.group}' (groups: ${Object.keys(config.groups.groups).join(', ')})`);
    return 2;
  }
  const timeZone = deskTimeZone(config);
  let period;
  try {
    period = parsePeriod(values.from, values.to, timeZone);
  } catch (e) {
    if (e instanceof InvalidPeriodError) {
      err(e.message);
      return 2;
    }
    throw e;
  }
  const db = await openReadOnlyDatabase(storeFile());
  const settings = await loadTemporalSettings();
  const client = values['archive-only'] ? undefined : await connectClient(settings).catch((e: Error) => {
    err(`Temporal not reachable (${e.message}): the report covers archived tickets only`);
    return undefined;
  });
  try {
    const live = client && { client, ticketsTaskQueue: settings.taskQueues.tickets };
    const gathered = await gatherReport({ db, live }, { ...period, timeZone, group: values.group });
    if (gathered.sources.liveUnavailable) err(`open tickets not read (${gathered.sources.liveUnavailable}): the report covers archived tickets only`);
    const text = renderReport(gathered, format, config.desk.name);
    if (values.out) writeFileSync(values.out, text);
    else out(text);
    return 0;
  } finally {
    await db.close();
    await client?.connection.close();
  }
}
