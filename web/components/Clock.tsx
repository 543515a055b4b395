// SLA clocks: the compact cell of a queue row (time left, coloured at the policy's warning
// level) and the bar of the ticket page (consumed share, paused time, due time, breach).
import type { ClockView } from '../../sla/clock';
import { formatSpan } from '../deskTime';
import { levelOf } from '../slaDisplay';
import type { ClockCell } from '../workbench/queues';
import type { TextKey } from '../i18n';
import type { Ui } from '../ui';

/** What met a clock, when not the ordinary event (sla/clock.ts `metBy`). */
const MET_BY_KEYS: Record<string, TextKey> = {
  workaround: 'metBy.workaround',
  containment: 'metBy.containment',
  confirmation: 'metBy.confirmation',
  'auto-close': 'metBy.auto-close',
};

export function ClockCellView({ ui, cell }: { ui: Ui; cell: ClockCell | undefined }) {
  if (!cell) return <span class="muted">—</span>;
  const text = cell.level !== 'breached' ? ui.t('sla.left', { time: formatSpan(cell.leftSeconds) }) : ui.t('sla.over', { time: formatSpan(Math.max(0, -cell.leftSeconds)) });
  return (
    <span class={`clock ${cell.level}`} title={`${ui.t(`sla.${cell.level}`)} · ${ui.t('sla.due', { at: ui.time(cell.dueAt) })}`}>
      {text}
      <span class="sr-only"> ({ui.t(`sla.${cell.level}`)})</span>
    </span>
  );
}

export function SlaBar({ ui, clock, warnPercent }: { ui: Ui; clock: ClockView; warnPercent: number }) {
  const running = clock.state === 'running' || clock.state === 'paused';
  const level = levelOf(clock.consumedSeconds, clock.targetSeconds, warnPercent, clock.breached);
  const shown = running ? level : clock.breached ? 'breached' : clock.state;
  const percent = clock.targetSeconds ? Math.min(100, Math.round((clock.consumedSeconds * 100) / clock.targetSeconds)) : 0;
  const stateLabel = clock.breached ? ui.t('sla.breached') : running ? (clock.state === 'paused' ? ui.t('sla.paused') : ui.t(`sla.${level}`)) : ui.t(`sla.${clock.state}` as 'sla.met');
  return (
    <div class={`bar ${shown}`}>
      <div>
        <strong>{ui.t(`clock.${clock.name}`)}</strong> · {stateLabel}
        {clock.metBy && ` · ${ui.t('sla.metBy', { by: MET_BY_KEYS[clock.metBy] ? ui.t(MET_BY_KEYS[clock.metBy]) : clock.metBy })}`}
      </div>
      <div class="track" role="img" aria-label={`${ui.t(`clock.${clock.name}`)} ${percent}%`}>
        <div class={`fill w${Math.round(percent / 5) * 5}`}></div>
      </div>
      <div class="legend">
        <span>{ui.t('sla.consumed', { time: formatSpan(clock.consumedSeconds) })}</span>
        <span>{ui.t('sla.target', { time: formatSpan(clock.targetSeconds) })}</span>
        {clock.remainingSeconds > 0 && running && <span>{ui.t('sla.left', { time: formatSpan(clock.remainingSeconds) })}</span>}
        {clock.pausedSeconds > 0 && <span>{ui.t('sla.pausedFor', { time: formatSpan(clock.pausedSeconds) })}</span>}
        {clock.dueAt && <span>{ui.t('sla.due', { at: ui.time(clock.dueAt) })}</span>}
        {clock.breachedAt && <span>{`${ui.t('sla.breached')} ${ui.time(clock.breachedAt)}`}</span>}
      </div>
    </div>
  );
}
