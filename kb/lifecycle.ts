// Article lifecycle: draft → published → retired (and back to published when revived). Who may
// do what is in kb/permissions.ts; this table is only about which status allows which step.
import type { KbStatus } from './article';

export type KbAction = 'edit' | 'publish' | 'retire';

const ALLOWED_FROM: Record<KbAction, readonly KbStatus[]> = {
  edit: ['draft', 'published', 'retired'],
  publish: ['draft', 'retired'],
  retire: ['draft', 'published'],
};

export class KbIllegalTransitionError extends Error {
  constructor(
    readonly action: KbAction,
    readonly status: KbStatus,
  ) {
    super(`cannot ${action} an article that is ${status} (allowed when: ${ALLOWED_FROM[action].join(', ')})`);
    this.name = 'KbIllegalTransitionError';
  }
}

export function assertKbActionAllowed(action: KbAction, status: KbStatus): void {
  if (!ALLOWED_FROM[action].includes(status)) throw new KbIllegalTransitionError(action, status);
}

/**
 * The status after an edit. A published article edited by someone who may not publish goes back
 * to draft, so requesters never read text no lead has seen; a lead's own edit stays published.
 */
export function statusAfterEdit(status: KbStatus, editorMayPublish: boolean): KbStatus {
  return status === 'published' && !editorMayPublish ? 'draft' : status;
}
