// Status and priority as small labelled badges.
import type { Ui } from '../ui';
import type { TextKey } from '../i18n';

export function StatusBadge({ ui, status, pendingReason }: { ui: Ui; status: string; pendingReason?: string | null }) {
  const key = `status.${status}` as TextKey;
  const label = ui.t(key) ?? status;
  // The portal speaks to the requester ("waiting for your answer"); the workbench about them.
  const reasonKey = ui.area === 'desk' && pendingReason === 'requester' ? 'pendingDesk.requester' : `pending.${pendingReason}`;
  const reason = status === 'pending' && pendingReason ? ui.t(reasonKey as TextKey) : undefined;
  return <span class={`badge status-${status}`}>{reason ? `${label} · ${reason}` : label}</span>;
}

export function PriorityBadge({ priority }: { priority: string }) {
  return <span class={`badge ${/^P\d$/.test(priority) ? priority : ''}`}>{priority}</span>;
}
