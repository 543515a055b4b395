// One report in the format asked for: json (the contract), csv, table (terminal) or html.
import type { Report } from './compute';
import { formatReportCsv, formatReportTable } from './format';
import { formatReportHtml } from './html';

export const REPORT_FORMATS = ['json', 'csv', 'table', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const REPORT_CONTENT_TYPES: Record<ReportFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  table: 'text/plain; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

export function renderReport(report: Report, format: ReportFormat, deskName?: string): string {
  switch (format) {
    case 'json':
      return JSON.stringify(report, null, 2) + '\n';
    case 'csv':
      return formatReportCsv(report);
    case 'table':
      return formatReportTable(report);
    case 'html':
      return formatReportHtml(report, deskName);
  }
}
