// The weekly report mail: run by the store worker (the report reads the store file), sent to the
// recipients desk.yaml names now (default: the IT manager), with a Message-ID fixed per week so a
// retried send is recognised as the same mail.
import type { Client } from '@temporalio/client';
import { gatherReport } from '../api/reportService';
import { deskTimeZone } from '../config/deskZone';
import type { ConfigSource } from '../config/source';
import { formatReportTable } from '../report/format';
import { formatReportHtml } from '../report/html';
import { weeklyPeriod } from '../report/weekly';
import type { Db } from '../store/db';
import type { Mailer } from './mailer';

export interface ReportActivityDeps {
  db: Db;
  config: ConfigSource;
  mailer: Mailer;
  /** For the tickets still open in Temporal. */
  live?: { client: Client; ticketsTaskQueue: string };
}

export function createReportActivities({ db, config, mailer, live }: ReportActivityDeps) {
  return {
    async mailWeeklyReport(input: { runAt: string }): Promise<{ period: string; recipients: string[]; messageId: string }> {
      const current = config.current();
      const timeZone = deskTimeZone(current);
      const period = weeklyPeriod(new Date(input.runAt), timeZone);
      const report = await gatherReport({ db, live }, { from: period.from, to: period.to, timeZone });
      const recipients = current.desk.weeklyReport?.recipients ?? [current.groups.itManager.email];
      const messageId = `<weekly-report-${period.firstDay}@${current.mail.messageIdDomain}>`;
      await mailer.send({
        from: `${current.desk.fromName} <${current.desk.fromAddress}>`,
        to: recipients,
        subject: `[${current.desk.name}] 服务周报 Weekly service report ${period.firstDay} – ${period.lastDay}`,
        text: formatReportTable(report),
        html: formatReportHtml(report, current.desk.name),
        messageId,
      });
      return { period: `${period.firstDay} – ${period.lastDay}`, recipients, messageId };
    },
  };
}

export type ReportActivities = ReturnType<typeof createReportActivities>;
