// The ticket state machine: every action from every status is either allowed (and leads to a
// known status) or rejected with an IllegalTransitionError that says what would be allowed.
import { describe, expect, it } from 'vitest';
import {
  assertActionAllowed,
  IllegalTransitionError,
  isActionAllowed,
  nextStatus,
  STATUSES,
  TERMINAL_STATUSES,
  type TicketAction,
  type TicketStatus,
} from '../../ticket/lifecycle';

const ACTIONS: TicketAction[] = [
  'assign',
  'respond',
  'comment',
  'changePriority',
  'changeCategory',
  'pend',
  'resume',
  'resolve',
  'reopen',
  'close',
  'cancel',
  'decline',
  'rate',
  'completeTask',
  'recordWorkaround',
  'bookVisit',
  'cancelVisit',
  'recordArrival',
];

// The whole table, written out by hand from DESIGN §3: for each action, the status it leads to
// from each status where it is allowed; a status missing from a row is an illegal transition.
const TABLE: Record<TicketAction, Partial<Record<TicketStatus, TicketStatus>>> = {
  // Assigning a new ticket moves it on; reassigning keeps the status.
  assign: { new: 'assigned', assigned: 'assigned', in_progress: 'in_progress', pending: 'pending' },
  // The first response starts the work; answering while pending keeps it pending.
  respond: { new: 'in_progress', assigned: 'in_progress', in_progress: 'in_progress', pending: 'pending' },
  comment: { new: 'new', assigned: 'assigned', in_progress: 'in_progress', pending: 'pending', resolved: 'resolved' },
  changePriority: { new: 'new', assigned: 'assigned', in_progress: 'in_progress', pending: 'pending', resolved: 'resolved' },
  changeCategory: { new: 'new', assigned: 'assigned', in_progress: 'in_progress', pending: 'pending', resolved: 'resolved' },
  pend: { assigned: 'pending', in_progress: 'pending' },
  resume: { pending: 'in_progress' },
  resolve: { assigned: 'resolved', in_progress: 'resolved', pending: 'resolved' },
  reopen: { resolved: 'assigned' },
  close: { resolved: 'closed' },
  cancel: { new: 'cancelled', assigned: 'cancelled', in_progress: 'cancelled', pending: 'cancelled' },
  decline: { new: 'declined', assigned: 'declined' },
  // The requester rates a closed ticket; it stays closed.
  rate: { closed: 'closed' },
  // Ticking off a request's task is work on it; the last task resolves it (the workflow's doing).
  completeTask: { new: 'in_progress', assigned: 'in_progress', in_progress: 'in_progress', pending: 'pending' },
  // A workaround or an engineer on site is work under way; the ticket stays open until resolved.
  recordWorkaround: { new: 'in_progress', assigned: 'in_progress', in_progress: 'in_progress', pending: 'pending' },
  bookVisit: { new: 'new', assigned: 'assigned', in_progress: 'in_progress', pending: 'pending' },
  cancelVisit: { new: 'new', assigned: 'assigned', in_progress: 'in_progress', pending: 'pending' },
  recordArrival: { new: 'in_progress', assigned: 'in_progress', in_progress: 'in_progress', pending: 'pending' },
};

const cells = ACTIONS.flatMap((action) => STATUSES.map((status) => ({ action, status, leadsTo: TABLE[action][status] })));

describe('every action from every status', () => {
  const allowed = cells
    .filter((c) => c.leadsTo !== undefined)
    .map((c) => ({ given: { action: c.action, from: c.status }, expect: { status: c.leadsTo! } }));
  it.each(allowed)('$given.action from $given.from is allowed and leads to $expect.status', ({ given, expect: want }) => {
    expect(isActionAllowed(given.action, given.from)).toBe(true);
    expect(() => assertActionAllowed(given.action, given.from)).not.toThrow();
    expect(nextStatus(given.action, given.from)).toBe(want.status);
  });

  const rejected = cells
    .filter((c) => c.leadsTo === undefined)
    .map((c) => ({
      given: { action: c.action, from: c.status },
      expect: { message: `cannot ${c.action} a ticket that is ${c.status} (allowed when: ${Object.keys(TABLE[c.action]).join(', ')})` },
    }));
  it.each(rejected)('$given.action from $given.from is rejected', ({ given, expect: want }) => {
    expect(isActionAllowed(given.action, given.from)).toBe(false);
    let thrown: unknown;
    try {
      assertActionAllowed(given.action, given.from);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(IllegalTransitionError);
    expect(thrown).toMatchObject({ name: 'IllegalTransitionError', action: given.action, status: given.from, message: want.message });
  });

  it('covers all 8 statuses × 18 actions', () => {
    expect(STATUSES).toHaveLength(8);
    expect(cells).toHaveLength(8 * 18);
    expect(allowed.length + rejected.length).toBe(144);
  });
});

describe('the shape of the lifecycle', () => {
  const cases = [
    { given: 'declined', expect: { terminal: true, allowed: [] as TicketAction[] } },
    { given: 'cancelled', expect: { terminal: true, allowed: [] as TicketAction[] } },
    { given: 'closed', expect: { terminal: true, allowed: ['rate'] as TicketAction[] } },
    { given: 'resolved', expect: { terminal: false, allowed: ['comment', 'changePriority', 'changeCategory', 'reopen', 'close'] as TicketAction[] } },
    {
      given: 'new',
      expect: {
        terminal: false,
        allowed: ['assign', 'respond', 'comment', 'changePriority', 'changeCategory', 'cancel', 'decline', 'completeTask', 'recordWorkaround', 'bookVisit', 'cancelVisit', 'recordArrival'] as TicketAction[],
      },
    },
  ] as const;
  it.each(cases)('a $given ticket allows exactly its actions', ({ given, expect: want }) => {
    expect(TERMINAL_STATUSES.has(given)).toBe(want.terminal);
    expect(ACTIONS.filter((action) => isActionAllowed(action, given))).toEqual(want.allowed);
  });

  it('walks the happy path of DESIGN §3: new → assigned → in_progress → pending → in_progress → resolved → closed', () => {
    const path: Array<{ given: TicketAction; expect: TicketStatus }> = [
      { given: 'assign', expect: 'assigned' },
      { given: 'respond', expect: 'in_progress' },
      { given: 'pend', expect: 'pending' },
      { given: 'resume', expect: 'in_progress' },
      { given: 'resolve', expect: 'resolved' },
      { given: 'reopen', expect: 'assigned' },
      { given: 'resolve', expect: 'resolved' },
      { given: 'close', expect: 'closed' },
      { given: 'rate', expect: 'closed' },
    ];
    let status: TicketStatus = 'new';
    for (const step of path) {
      assertActionAllowed(step.given, status);
      status = nextStatus(step.given, status);
      expect(status).toBe(step.expect);
    }
  });

  it('never leads out of a terminal status or back to new', () => {
    for (const { status, leadsTo } of cells) {
      if (leadsTo === undefined) continue;
      if (status !== 'new') expect(leadsTo).not.toBe('new');
      if (TERMINAL_STATUSES.has(status)) expect(leadsTo).toBe(status);
    }
  });
});
