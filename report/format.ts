// The report as text for a terminal (table) and as CSV (one row per figure, with numerator,
// denominator and definition), from the same Report object the JSON is.
import type { BreakdownRow, Rate, Report, Stat } from './compute';
import { DEFINITIONS, type FigureKey } from './definitions';

export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

export const formatRate = (r: Rate | null): string =>
  !r ? '—' : r.value === null ? `— (0/0)` : `${(r.value * 100).toFixed(1)} % (${r.numerator}/${r.denominator})`;

const formatStat = (s: Stat) => (s.count ? `mean ${formatDuration(s.meanSeconds)}, p90 ${formatDuration(s.p90Seconds)} (n=${s.count})` : '— (n=0)');

// Terminal columns: CJK and full-width characters take two.
const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;
const displayWidth = (s: string) => [...s].reduce((w, ch) => w + (WIDE.test(ch) ? 2 : 1), 0);

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => displayWidth(r[i] ?? ''))));
  return rows.map((r) => r.map((cell, i) => cell + ' '.repeat(widths[i] - displayWidth(cell))).join('  ').trimEnd());
}

const RATING_LABELS = { satisfied: '满意 satisfied', basically_satisfied: '基本满意 basically satisfied', dissatisfied: '不满意 dissatisfied' } as const;

export function formatReportTable(r: Report): string {
  const out: string[] = [];
  const section = (title: string, key?: FigureKey) => {
    out.push('', title);
    if (key) out.push(`  (${DEFINITIONS[key]})`);
  };
  out.push(`Service report ${r.perDay[0]?.day ?? r.period.from} – ${r.perDay.at(-1)?.day ?? r.period.to} (${r.period.timeZone})${r.period.group ? `, group ${r.period.group}` : ''}`);
  section('Volume');
  out.push(...table(Object.entries(r.volume).map(([k, v]) => [`  ${k}`, String(v), DEFINITIONS[k as FigureKey] ?? ''])));
  for (const [name, rows] of Object.entries(r.breakdowns) as Array<[string, BreakdownRow[]]>) {
    section(`By ${name}`, 'breakdown');
    out.push(...table([[`  ${name}`, 'opened', 'resolved', 'closed'], ...rows.map((b) => [`  ${b.key}`, String(b.opened), String(b.resolved), String(b.closed)])]));
  }
  for (const [clock, key] of [['response', 'responseCompliance'], ['resolution', 'resolutionCompliance'], ['arrival', 'arrivalCompliance']] as const) {
    const c = r.sla[clock];
    section(`SLA compliance: ${clock}`, key);
    out.push(
      ...table([
        ['  overall', formatRate(c.overall)],
        ...Object.entries(c.byPriority).map(([k, v]) => [`  priority ${k}`, formatRate(v)]),
        ...Object.entries(c.byGroup).map(([k, v]) => [`  group ${k}`, formatRate(v)]),
      ]),
    );
  }
  section('Resolution met by a workaround or containment', 'resolutionMetByWorkaround');
  out.push(`  ${formatRate(r.sla.resolutionMetByWorkaround)}`);
  for (const [name, key, t] of [['Time to first response', 'timeToFirstResponse', r.times.firstResponse], ['Time to resolution', 'timeToResolution', r.times.resolution]] as const) {
    section(name, key);
    out.push(
      ...table([
        ['  ', 'business time', 'wall time'],
        ['  all', formatStat(t.business), formatStat(t.wall)],
        ...Object.entries(t.byPriority).map(([k, v]) => [`  ${k}`, formatStat(v.business), formatStat(v.wall)]),
      ]),
    );
  }
  section('Backlog at the end of the period', 'backlog');
  out.push(`  ${r.backlog.count} ticket(s), mean age ${formatDuration(r.backlog.meanAgeSeconds)}${r.backlog.oldest ? `, oldest ${r.backlog.oldest.number} (${formatDuration(r.backlog.oldest.ageSeconds)})` : ''}`);
  out.push(...table(r.backlog.ages.map((a) => [`  ${a.label}`, String(a.count)])));
  section('Reopen rate', 'reopenRate');
  out.push(`  ${formatRate(r.reopenRate)}`);
  section('First-contact resolution', 'firstContactResolution');
  out.push(`  ${formatRate(r.firstContactResolution)}`);
  section('Satisfaction', 'satisfaction');
  out.push(...table(Object.entries(r.satisfaction.counts).map(([k, v]) => [`  ${RATING_LABELS[k as keyof typeof RATING_LABELS]}`, String(v)])));
  out.push(`  survey response rate ${formatRate(r.satisfaction.responseRate)}  (${DEFINITIONS.surveyResponseRate})`);
  if (r.satisfaction.dissatisfied.length) {
    out.push(`  dissatisfied tickets (${DEFINITIONS.dissatisfied})`);
    for (const t of r.satisfaction.dissatisfied) out.push(`    ${t.number}  ${t.title}  [${t.group}${t.assignee ? `, ${t.assignee}` : ''}]${t.comment ? `  “${t.comment}”` : ''}`);
  }
  section('Knowledge base', 'kbUsageRate');
  out.push(`  usage rate ${formatRate(r.knowledgeBase.usageRate)}, self-served ${r.knowledgeBase.selfServed}`);
  out.push(`  suggestion success ${formatRate(r.knowledgeBase.suggestionSuccess)}  (${DEFINITIONS.kbSuggestionSuccess})`);
  if (r.knowledgeBase.usage) out.push(`  views ${r.knowledgeBase.usage.views}, suggestions shown ${r.knowledgeBase.usage.suggestionsShown}, "this solved it" ${r.knowledgeBase.usage.solved}`);
  section('Feedback cycle (resolved → requester confirmation)', 'feedbackCycle');
  out.push(`  mean ${formatDuration(r.feedbackCycle.meanSeconds)}, p90 ${formatDuration(r.feedbackCycle.p90Seconds)} over ${r.feedbackCycle.confirmedByRequester} confirmation(s); ${r.feedbackCycle.autoClosed} auto-closed`);
  return out.join('\n').trimStart() + '\n';
}

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** One row per figure: section, figure, key, value, numerator, denominator, unit, definition. */
export function formatReportCsv(r: Report): string {
  const rows: unknown[][] = [['section', 'figure', 'key', 'value', 'numerator', 'denominator', 'unit', 'definition']];
  const count = (section: string, figure: string, key: string, value: number, def: FigureKey) => rows.push([section, figure, key, value, '', '', 'tickets', DEFINITIONS[def]]);
  const rateRow = (section: string, figure: string, key: string, v: Rate | null, def: FigureKey) =>
    v && rows.push([section, figure, key, v.value === null ? '' : v.value.toFixed(4), v.numerator, v.denominator, 'ratio', DEFINITIONS[def]]);
  const statRows = (section: string, figure: string, key: string, s: Stat, def: FigureKey) => {
    rows.push([section, `${figure} mean`, key, s.meanSeconds ?? '', '', s.count, 'seconds', DEFINITIONS[def]]);
    rows.push([section, `${figure} p90`, key, s.p90Seconds ?? '', '', s.count, 'seconds', DEFINITIONS[def]]);
  };
  for (const [k, v] of Object.entries(r.volume)) count('volume', k, '', v, k as FigureKey);
  for (const [dim, list] of Object.entries(r.breakdowns) as Array<[string, BreakdownRow[]]>)
    for (const b of list) for (const m of ['opened', 'resolved', 'closed'] as const) rows.push([`by ${dim}`, m, b.key, b[m], '', '', 'tickets', DEFINITIONS.breakdown]);
  for (const [clock, def] of [['response', 'responseCompliance'], ['resolution', 'resolutionCompliance'], ['arrival', 'arrivalCompliance']] as const) {
    const c = r.sla[clock];
    rateRow(`${clock} SLA`, 'compliance', 'all', c.overall, def);
    for (const [k, v] of Object.entries(c.byPriority)) rateRow(`${clock} SLA`, 'compliance by priority', k, v, def);
    for (const [k, v] of Object.entries(c.byGroup)) rateRow(`${clock} SLA`, 'compliance by group', k, v, def);
  }
  rateRow('resolution SLA', 'met by workaround or containment', 'all', r.sla.resolutionMetByWorkaround, 'resolutionMetByWorkaround');
  for (const [name, def, t] of [['time to first response', 'timeToFirstResponse', r.times.firstResponse], ['time to resolution', 'timeToResolution', r.times.resolution]] as const) {
    statRows(name, 'business', 'all', t.business, def);
    statRows(name, 'wall', 'all', t.wall, def);
    for (const [k, v] of Object.entries(t.byPriority)) {
      statRows(name, 'business', k, v.business, def);
      statRows(name, 'wall', k, v.wall, def);
    }
  }
  count('backlog', 'count', 'end of period', r.backlog.count, 'backlog');
  for (const a of r.backlog.ages) count('backlog', 'age', a.label, a.count, 'backlog');
  rows.push(['backlog', 'mean age', '', r.backlog.meanAgeSeconds ?? '', '', r.backlog.count, 'seconds', DEFINITIONS.backlog]);
  rateRow('quality', 'reopen rate', '', r.reopenRate, 'reopenRate');
  rateRow('quality', 'first-contact resolution', '', r.firstContactResolution, 'firstContactResolution');
  for (const [k, v] of Object.entries(r.satisfaction.counts)) count('satisfaction', 'rating', k, v, 'satisfaction');
  rateRow('satisfaction', 'survey response rate', '', r.satisfaction.responseRate, 'surveyResponseRate');
  for (const t of r.satisfaction.dissatisfied) rows.push(['satisfaction', 'dissatisfied ticket', t.number, t.title, '', '', 'ticket', DEFINITIONS.dissatisfied]);
  rateRow('knowledge base', 'usage rate', '', r.knowledgeBase.usageRate, 'kbUsageRate');
  rateRow('knowledge base', 'suggestion success', '', r.knowledgeBase.suggestionSuccess, 'kbSuggestionSuccess');
  if (r.knowledgeBase.usage) for (const [k, v] of Object.entries(r.knowledgeBase.usage)) rows.push(['knowledge base', k, '', v, '', '', 'events', DEFINITIONS.kbUsage]);
  rows.push(['feedback cycle', 'mean', '', r.feedbackCycle.meanSeconds ?? '', '', r.feedbackCycle.confirmedByRequester, 'seconds', DEFINITIONS.feedbackCycle]);
  rows.push(['feedback cycle', 'p90', '', r.feedbackCycle.p90Seconds ?? '', '', r.feedbackCycle.confirmedByRequester, 'seconds', DEFINITIONS.feedbackCycle]);
  for (const p of r.perDay) {
    rows.push(['per day', 'opened', p.day, p.opened, '', '', 'tickets', DEFINITIONS.volumePerDay]);
    rows.push(['per day', 'resolved', p.day, p.resolved, '', '', 'tickets', DEFINITIONS.volumePerDay]);
  }
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
