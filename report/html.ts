// The report as one self-contained HTML page: inline CSS and inline SVG charts (volume per day,
// SLA compliance per priority, satisfaction, backlog age), no scripts, no external fonts, so it
// can be mailed, archived and opened offline.
import type { BreakdownRow, Rate, Report, Stat } from './compute';
import { DEFINITIONS, type FigureKey } from './definitions';
import { formatDuration, formatRate } from './format';

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const pct = (r: Rate) => (r.value === null ? null : r.value * 100);

const COLORS = { opened: '#4C78A8', resolved: '#54A24B', response: '#4C78A8', resolution: '#F58518', satisfied: '#54A24B', basically_satisfied: '#EECA3B', dissatisfied: '#E45756', backlog: '#9D755D' };
const FONT = `font-family="system-ui, -apple-system, 'Segoe UI', 'PingFang SC', 'Microsoft YaHei', sans-serif"`;

/** Bars per day, two series side by side, with a light grid and a label every few days. */
function volumeChart(perDay: Report['perDay']): string {
  const width = 760;
  const height = 220;
  const left = 36;
  const bottom = 28;
  const top = 14;
  const plotW = width - left - 10;
  const plotH = height - top - bottom;
  const max = Math.max(1, ...perDay.flatMap((d) => [d.opened, d.resolved]));
  const step = niceStep(max);
  const yMax = Math.ceil(max / step) * step;
  const slot = plotW / Math.max(1, perDay.length);
  const barW = Math.max(1, Math.min(12, (slot - 2) / 2));
  const y = (v: number) => top + plotH - (v / yMax) * plotH;
  const grid = range(0, yMax, step).map((v) => `<line x1="${left}" x2="${width - 10}" y1="${y(v)}" y2="${y(v)}" stroke="#e5e5e5"/><text x="${left - 6}" y="${y(v) + 4}" text-anchor="end" font-size="10" fill="#666">${v}</text>`);
  const every = Math.ceil(perDay.length / 10);
  const bars = perDay.map((d, i) => {
    const x = left + i * slot + (slot - 2 * barW) / 2;
    const label = i % every === 0 ? `<text x="${left + i * slot + slot / 2}" y="${height - bottom + 14}" text-anchor="middle" font-size="10" fill="#666">${esc(d.day.slice(5))}</text>` : '';
    return `<rect x="${x}" y="${y(d.opened)}" width="${barW}" height="${top + plotH - y(d.opened)}" fill="${COLORS.opened}"><title>${esc(d.day)}: ${d.opened} opened</title></rect>` +
      `<rect x="${x + barW}" y="${y(d.resolved)}" width="${barW}" height="${top + plotH - y(d.resolved)}" fill="${COLORS.resolved}"><title>${esc(d.day)}: ${d.resolved} resolved</title></rect>${label}`;
  });
  return svg(width, height, 'Tickets opened and resolved per day', [...grid, ...bars, legend([['opened', COLORS.opened], ['resolved', COLORS.resolved]], width - 190, 2)].join(''));
}

/** Horizontal bars, 0–100 %, one pair (response, resolution) per priority. */
function complianceChart(sla: Report['sla']): string {
  const priorities = [...new Set([...Object.keys(sla.response.byPriority), ...Object.keys(sla.resolution.byPriority)])].sort();
  const rows = priorities.length ? priorities : ['—'];
  const left = 60;
  const barH = 14;
  const rowH = 2 * barH + 14;
  const width = 420;
  const plotW = width - left - 110;
  const height = 24 + rows.length * rowH + 10;
  const parts: string[] = [];
  for (const p of [0, 50, 100]) {
    const x = left + (p / 100) * plotW;
    parts.push(`<line x1="${x}" x2="${x}" y1="20" y2="${height - 10}" stroke="#e5e5e5"/><text x="${x}" y="14" text-anchor="middle" font-size="10" fill="#666">${p} %</text>`);
  }
  rows.forEach((p, i) => {
    const y0 = 24 + i * rowH;
    parts.push(`<text x="${left - 8}" y="${y0 + barH + 4}" text-anchor="end" font-size="12" fill="#333">${esc(p)}</text>`);
    (['response', 'resolution'] as const).forEach((clock, j) => {
      const r = sla[clock].byPriority[p];
      const value = r ? pct(r) : null;
      const y = y0 + j * barH;
      parts.push(`<rect x="${left}" y="${y}" width="${((value ?? 0) / 100) * plotW}" height="${barH - 2}" fill="${COLORS[clock]}"><title>${clock} ${esc(p)}: ${r ? formatRate(r) : 'not measured'}</title></rect>`);
      parts.push(`<text x="${left + ((value ?? 0) / 100) * plotW + 4}" y="${y + barH - 4}" font-size="10" fill="#333">${r ? esc(formatRate(r)) : '—'}</text>`);
    });
  });
  parts.push(legend([['response', COLORS.response], ['resolution', COLORS.resolution]], width - 200, height - 4, true));
  return svg(width, height + 10, 'SLA compliance per priority', parts.join(''));
}

/** Horizontal bars with counts, for a few labelled categories. */
function countBars(title: string, items: Array<{ label: string; count: number; color: string }>): string {
  const left = 150;
  const barH = 20;
  const width = 420;
  const plotW = width - left - 50;
  const max = Math.max(1, ...items.map((i) => i.count));
  const height = items.length * (barH + 8) + 10;
  const parts = items.map((item, i) => {
    const y = 6 + i * (barH + 8);
    const w = (item.count / max) * plotW;
    return `<text x="${left - 8}" y="${y + barH / 2 + 4}" text-anchor="end" font-size="12" fill="#333">${esc(item.label)}</text>` +
      `<rect x="${left}" y="${y}" width="${w}" height="${barH}" fill="${item.color}"><title>${esc(item.label)}: ${item.count}</title></rect>` +
      `<text x="${left + w + 6}" y="${y + barH / 2 + 4}" font-size="12" fill="#333">${item.count}</text>`;
  });
  return svg(width, height, title, parts.join(''));
}

function legend(items: Array<[string, string]>, x: number, y: number, below = false): string {
  return items
    .map(([label, color], i) => `<rect x="${x + i * 95}" y="${below ? y - 9 : y}" width="10" height="10" fill="${color}"/><text x="${x + i * 95 + 14}" y="${below ? y : y + 9}" font-size="11" fill="#333">${esc(label)}</text>`)
    .join('');
}

const svg = (width: number, height: number, title: string, body: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT}><title>${esc(title)}</title>${body}</svg>`;

function niceStep(max: number): number {
  const raw = max / 4;
  const pow = 10 ** Math.floor(Math.log10(Math.max(1, raw)));
  return [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? pow * 10;
}
const range = (from: number, to: number, step: number) => Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);

const def = (key: FigureKey) => `<p class="def">${esc(DEFINITIONS[key])}</p>`;
const statCell = (s: Stat) => (s.count ? `${esc(formatDuration(s.meanSeconds))} <span class="muted">/ p90 ${esc(formatDuration(s.p90Seconds))} · n=${s.count}</span>` : '<span class="muted">—</span>');
const rateCell = (r: Rate | null) => (r && r.value !== null ? `<b>${(r.value * 100).toFixed(1)} %</b> <span class="muted">${r.numerator}/${r.denominator}</span>` : '<span class="muted">— (0/0)</span>');

function breakdownTable(name: string, rows: BreakdownRow[]): string {
  return `<table><thead><tr><th>${esc(name)}</th><th>opened</th><th>resolved</th><th>closed</th></tr></thead><tbody>${rows
    .map((b) => `<tr><td>${esc(b.key)}</td><td class="n">${b.opened}</td><td class="n">${b.resolved}</td><td class="n">${b.closed}</td></tr>`)
    .join('')}</tbody></table>`;
}

export function formatReportHtml(r: Report, deskName = 'IT 服务台'): string {
  const day = (iso: string) => new Intl.DateTimeFormat('en-CA', { timeZone: r.period.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
  const minute = (iso: string) => new Intl.DateTimeFormat('sv-SE', { timeZone: r.period.timeZone, dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));
  const lastDay = day(new Date(Date.parse(r.period.to) - 1).toISOString());
  const kpi = (label: string, value: string, sub = '') => `<div class="kpi"><div class="kpi-v">${value}</div><div class="kpi-l">${esc(label)}</div>${sub ? `<div class="kpi-s">${sub}</div>` : ''}</div>`;
  const pctText = (x: Rate) => (x.value === null ? '—' : `${(x.value * 100).toFixed(1)} %`);
  const sat = r.satisfaction.counts;
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(deskName)} — service report ${esc(day(r.period.from))} – ${esc(lastDay)}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif;font-size:14px;color:#222;margin:24px auto;max-width:960px;padding:0 16px;line-height:1.4}
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 6px;border-bottom:1px solid #ddd;padding-bottom:4px}
.muted{color:#777;font-weight:normal}.def{color:#666;font-size:12px;margin:2px 0 8px}
.kpis{display:flex;flex-wrap:wrap;gap:10px;margin:14px 0}.kpi{border:1px solid #e3e3e3;border-radius:6px;padding:8px 12px;min-width:120px}
.kpi-v{font-size:20px;font-weight:600}.kpi-l{font-size:12px;color:#555}.kpi-s{font-size:11px;color:#888}
table{border-collapse:collapse;margin:6px 0 10px;font-size:13px}th,td{padding:3px 10px;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
th{background:#f6f6f6;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:8px 24px;align-items:start}
.charts{display:flex;flex-wrap:wrap;gap:16px}
</style></head><body>
<h1>${esc(deskName)} · 服务报告 Service report</h1>
<div class="muted">${esc(day(r.period.from))} – ${esc(lastDay)} (${esc(r.period.timeZone)})${r.period.group ? ` · group ${esc(r.period.group)}` : ''} · generated ${esc(minute(r.generatedAt))}</div>
<div class="kpis">
${kpi('opened', String(r.volume.opened))}${kpi('resolved', String(r.volume.resolved))}${kpi('closed', String(r.volume.closed))}
${kpi('response SLA', pctText(r.sla.response.overall), `${r.sla.response.overall.numerator}/${r.sla.response.overall.denominator}`)}
${kpi('resolution SLA', pctText(r.sla.resolution.overall), `${r.sla.resolution.overall.numerator}/${r.sla.resolution.overall.denominator}`)}
${kpi('met by workaround', pctText(r.sla.resolutionMetByWorkaround), `${r.sla.resolutionMetByWorkaround.numerator}/${r.sla.resolutionMetByWorkaround.denominator}`)}
${kpi('on-site arrival SLA', pctText(r.sla.arrival.overall), `${r.sla.arrival.overall.numerator}/${r.sla.arrival.overall.denominator}`)}
${kpi('backlog at end', String(r.backlog.count), r.backlog.oldest ? `oldest ${esc(formatDuration(r.backlog.oldest.ageSeconds))}` : '')}
${kpi('satisfied (满意+基本满意)', pctText({ numerator: sat.satisfied + sat.basically_satisfied, denominator: sat.satisfied + sat.basically_satisfied + sat.dissatisfied, value: sat.satisfied + sat.basically_satisfied + sat.dissatisfied ? (sat.satisfied + sat.basically_satisfied) / (sat.satisfied + sat.basically_satisfied + sat.dissatisfied) : null }), `${sat.dissatisfied} 不满意`)}
</div>

<h2>Volume 工单量</h2>
${volumeChart(r.perDay)}
${def('volumePerDay')}
<table><tbody>${(Object.entries(r.volume) as Array<[FigureKey, number]>).map(([k, v]) => `<tr><td>${esc(k)}</td><td class="n">${v}</td><td class="def">${esc(DEFINITIONS[k])}</td></tr>`).join('')}</tbody></table>
<div class="grid">
${(Object.entries(r.breakdowns) as Array<[string, BreakdownRow[]]>).map(([k, rows]) => breakdownTable(k, rows)).join('\n')}
</div>
${def('breakdown')}

<h2>SLA compliance 响应与解决达标率</h2>
<div class="charts">${complianceChart(r.sla)}</div>
<table><thead><tr><th></th><th>response</th><th>resolution</th></tr></thead><tbody>
<tr><td><b>all</b></td><td>${rateCell(r.sla.response.overall)}</td><td>${rateCell(r.sla.resolution.overall)}</td></tr>
${[...new Set([...Object.keys(r.sla.response.byPriority), ...Object.keys(r.sla.resolution.byPriority)])].sort().map((p) => `<tr><td>priority ${esc(p)}</td><td>${rateCell(r.sla.response.byPriority[p] ?? null)}</td><td>${rateCell(r.sla.resolution.byPriority[p] ?? null)}</td></tr>`).join('')}
${[...new Set([...Object.keys(r.sla.response.byGroup), ...Object.keys(r.sla.resolution.byGroup)])].sort().map((g) => `<tr><td>group ${esc(g)}</td><td>${rateCell(r.sla.response.byGroup[g] ?? null)}</td><td>${rateCell(r.sla.resolution.byGroup[g] ?? null)}</td></tr>`).join('')}
</tbody></table>
${def('responseCompliance')}${def('resolutionCompliance')}${def('arrivalCompliance')}${def('resolutionMetByWorkaround')}

<h2>Times 响应与解决用时</h2>
<table><thead><tr><th></th><th>first response · business</th><th>first response · wall</th><th>resolution · business</th><th>resolution · wall</th></tr></thead><tbody>
<tr><td><b>all</b></td><td>${statCell(r.times.firstResponse.business)}</td><td>${statCell(r.times.firstResponse.wall)}</td><td>${statCell(r.times.resolution.business)}</td><td>${statCell(r.times.resolution.wall)}</td></tr>
${[...new Set([...Object.keys(r.times.firstResponse.byPriority), ...Object.keys(r.times.resolution.byPriority)])].sort().map((p) => {
  const fr = r.times.firstResponse.byPriority[p];
  const rs = r.times.resolution.byPriority[p];
  const none = { count: 0, meanSeconds: null, p90Seconds: null };
  return `<tr><td>${esc(p)}</td><td>${statCell(fr?.business ?? none)}</td><td>${statCell(fr?.wall ?? none)}</td><td>${statCell(rs?.business ?? none)}</td><td>${statCell(rs?.wall ?? none)}</td></tr>`;
}).join('')}
</tbody></table>
${def('timeToFirstResponse')}${def('timeToResolution')}

<h2>Backlog 积压</h2>
${countBars('Backlog age at the end of the period', r.backlog.ages.map((a) => ({ label: a.label, count: a.count, color: COLORS.backlog })))}
<p>${r.backlog.count} open at the end, mean age ${esc(formatDuration(r.backlog.meanAgeSeconds))}${r.backlog.oldest ? `, oldest ${esc(r.backlog.oldest.number)} (${esc(formatDuration(r.backlog.oldest.ageSeconds))})` : ''}.</p>
${def('backlog')}

<h2>Quality 质量</h2>
<table><tbody>
<tr><td>reopen rate</td><td>${rateCell(r.reopenRate)}</td><td class="def">${esc(DEFINITIONS.reopenRate)}</td></tr>
<tr><td>first-contact resolution</td><td>${rateCell(r.firstContactResolution)}</td><td class="def">${esc(DEFINITIONS.firstContactResolution)}</td></tr>
<tr><td>feedback cycle</td><td>${esc(formatDuration(r.feedbackCycle.meanSeconds))} <span class="muted">/ p90 ${esc(formatDuration(r.feedbackCycle.p90Seconds))} · n=${r.feedbackCycle.confirmedByRequester}; ${r.feedbackCycle.autoClosed} auto-closed</span></td><td class="def">${esc(DEFINITIONS.feedbackCycle)}</td></tr>
</tbody></table>

<h2>Satisfaction 满意度</h2>
${countBars('Satisfaction of the tickets closed in the period', [
  { label: '满意 satisfied', count: sat.satisfied, color: COLORS.satisfied },
  { label: '基本满意 basically', count: sat.basically_satisfied, color: COLORS.basically_satisfied },
  { label: '不满意 dissatisfied', count: sat.dissatisfied, color: COLORS.dissatisfied },
])}
<p>Survey response rate ${rateCell(r.satisfaction.responseRate)}</p>
${def('satisfaction')}${def('surveyResponseRate')}
${r.satisfaction.dissatisfied.length ? `<table><thead><tr><th>不满意 ticket</th><th>title</th><th>group</th><th>assignee</th><th>comment</th></tr></thead><tbody>${r.satisfaction.dissatisfied.map((t) => `<tr><td>${esc(t.number)}</td><td>${esc(t.title)}</td><td>${esc(t.group)}</td><td>${esc(t.assignee ?? '—')}</td><td>${esc(t.comment ?? '')}</td></tr>`).join('')}</tbody></table>${def('dissatisfied')}` : ''}

<h2>Knowledge base 知识库</h2>
<table><tbody>
<tr><td>usage rate</td><td>${rateCell(r.knowledgeBase.usageRate)}</td><td class="def">${esc(DEFINITIONS.kbUsageRate)}</td></tr>
<tr><td>self-served</td><td class="n">${r.knowledgeBase.selfServed}</td><td></td></tr>
<tr><td>suggestion success</td><td>${rateCell(r.knowledgeBase.suggestionSuccess)}</td><td class="def">${esc(DEFINITIONS.kbSuggestionSuccess)}</td></tr>
${r.knowledgeBase.usage ? `<tr><td>usage log</td><td>${r.knowledgeBase.usage.views} views · ${r.knowledgeBase.usage.suggestionsShown} suggestions shown · ${r.knowledgeBase.usage.solved} “this solved it”</td><td class="def">${esc(DEFINITIONS.kbUsage)}</td></tr>` : ''}
</tbody></table>
</body></html>
`;
}
