// The ticket state machine (DESIGN §3): which action is legal in which status, and where it
// leads. Pure, so the workflow's update validators and the API share one truth.

export const STATUSES = [
  'new',
  'assigned',
  'in_progress',
  'pending',
  'resolved',
  'closed',
  'declined',
  'cancelled',
] as const;
export type TicketStatus = (typeof STATUSES)[number];

export const TERMINAL_STATUSES: ReadonlySet<TicketStatus> = new Set(['closed', 'declined', 'cancelled']);

export type TicketAction =
  | 'assign'
  | 'respond'
  | 'comment'
  | 'changePriority'
  | 'changeCategory'
  | 'pend'
  | 'resume'
  | 'resolve'
  | 'reopen'
  | 'close'
  | 'cancel'
  | 'decline'
  | 'rate'
  | 'completeTask'
  // Milestones and on-site visits (issue #12): none ends the ticket.
  | 'recordWorkaround'
  | 'bookVisit'
  | 'cancelVisit'
  | 'recordArrival';

const OPEN: TicketStatus[] = ['new', 'assigned', 'in_progress', 'pending'];

/** Statuses from which each action may be taken. */
const ALLOWED_FROM: Record<TicketAction, readonly TicketStatus[]> = {
  assign: OPEN,
  respond: OPEN,
  comment: [...OPEN, 'resolved'],
  changePriority: [...OPEN, 'resolved'],
  changeCategory: [...OPEN, 'resolved'],
  pend: ['assigned', 'in_progress'],
  resume: ['pending'],
  resolve: ['assigned', 'in_progress', 'pending'],
  reopen: ['resolved'],
  close: ['resolved'],
  cancel: OPEN,
  decline: ['new', 'assigned'],
  rate: ['closed'],
  // A request's fulfilment task; pending on approval is refused by the action itself (work has not started).
  completeTask: OPEN,
  recordWorkaround: OPEN,
  bookVisit: OPEN,
  cancelVisit: OPEN,
  recordArrival: OPEN,
};

export class IllegalTransitionError extends Error {
  constructor(
    readonly action: TicketAction,
    readonly status: TicketStatus,
  ) {
    const allowed = ALLOWED_FROM[action].join(', ');
    super(`cannot ${action} a ticket that is ${status} (allowed when: ${allowed})`);
    this.name = 'IllegalTransitionError';
  }
}

export function assertActionAllowed(action: TicketAction, status: TicketStatus): void {
  if (!ALLOWED_FROM[action].includes(status)) throw new IllegalTransitionError(action, status);
}

export function isActionAllowed(action: TicketAction, status: TicketStatus): boolean {
  return ALLOWED_FROM[action].includes(status);
}

/** The status an action leads to, given the status it is taken from. */
export function nextStatus(action: TicketAction, from: TicketStatus): TicketStatus {
  switch (action) {
    case 'assign':
      return from === 'new' ? 'assigned' : from;
    case 'respond':
    case 'completeTask':
    case 'recordWorkaround': // a workaround in place is work under way; the ticket stays open
    case 'recordArrival': // the engineer is on site
      return from === 'new' || from === 'assigned' ? 'in_progress' : from;
    case 'pend':
      return 'pending';
    case 'resume':
      return 'in_progress';
    case 'resolve':
      return 'resolved';
    case 'reopen':
      return 'assigned';
    case 'close':
      return 'closed';
    case 'cancel':
      return 'cancelled';
    case 'decline':
      return 'declined';
    default:
      return from;
  }
}
