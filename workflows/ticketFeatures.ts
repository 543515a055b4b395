// Which of the behaviours added since tickets started running a ticket execution has.
//
// Why it is decided once, at the start: during replay the SDK knows a patch marker only when it
// lies in the workflow task being replayed. Code that runs after a local activity (our clock
// maths) runs, live, in whichever task was open when the activity's result came back — and a
// query or a slow local activity can close the task in between — but on replay it runs in the
// task that recorded the activity's marker. A `patched()` called there answers false on replay
// while the history holds its marker one task later: the ticket can never be replayed again
// (issue #13, `shared/evidence/stranded-ticket-history.json`). The first activation, before any
// await, is the one place that always lies in the same task live and on replay.
//
// So: new executions record one marker in their first task and take every behaviour without
// further `patched()` calls. Executions started before that (legacy) only honour markers their
// history already holds and never record a new one (a new marker would be written wherever the
// live code happens to be, after a local activity as often as not).
import { patched, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { rescueStrandedApprovalsMarker } from './legacy/strandedOpening';

/** Recorded in the first workflow task of every execution that decides its behaviours up front. */
export const DECIDED_AT_START = 'ticket-behaviours-decided-at-start';

// The behaviours legacy executions may or may not have, by the patch id that introduced each.
export const APPROVALS_AND_ASSIGNMENT = 'approvals-and-assignment';
export const REQUESTER_MAIL_ALL_CHANNELS = 'requester-mail-all-channels';
export const PENDING_REMINDER = 'pending-reminder';
// Behaviours added after DECIDED_AT_START: each has its own marker, also decided at start.
export const ACK_SUGGESTIONS = 'ack-suggestions';
/** Issue #12's automatic behaviours (watchers mailed, follow-ups, visits, major incidents…). */
export const SERVICE_MODEL = 'service-model';

/**
 * The generation of ticket execution a starter asks for, in the workflow's input. Generation 2
 * (issue #10: one workflow per ticket, started with its `ticketOpened` update) has every
 * behaviour on and records no patch marker at all: the input is in the history, so replay
 * decides the same without a marker event and its search-attribute upsert.
 */
export const LEAN_GENERATION = 2;

export interface TicketFeatures {
  /** Decided at start: handlers are registered before anything is awaited. */
  readonly decidedAtStart: boolean;
  /**
   * Issue #10: the opening plans and assigns by local activity, answers `ticketOpened` as soon
   * as the ticket is planned, and sends its notices afterwards, in turn with the updates.
   */
  readonly leanOpening: boolean;
  /** Approval-gated requests wait for their approver; tickets are auto-assigned. */
  approvalsAndAssignment(): boolean;
  /** Requesters of API / phone / IM / walk-in tickets get mail too, not only mail tickets. */
  requesterMailAllChannels(): boolean;
  /** A requester who leaves our question unanswered is reminded once. */
  pendingReminder(): boolean;
  /** A requester's comment (portal, API) on a ticket pending on them resumes it, as a mail reply does. */
  requesterAnswerResumes(): boolean;
  /** The acknowledgement carries knowledge articles that may answer the request. */
  ackSuggestions(): boolean;
  /**
   * The service model of issue #12: automatic behaviours on paths older histories already went
   * through (watchers mailed with each notice, a tracked follow-up after 不满意…). New actions
   * need no marker: they add commands only when invoked, so they work on every execution.
   */
  serviceModel(): boolean;
}

/** Must be the first thing a ticket execution does: synchronously, before any await. */
export function decideTicketFeatures(generation?: number): TicketFeatures {
  if (generation !== undefined && generation >= LEAN_GENERATION) return decidedAtStart({ leanOpening: true, ackSuggestions: true, serviceModel: true });
  // The markers in this order, each once (object properties are evaluated left to right).
  if (patched(DECIDED_AT_START)) return decidedAtStart({ leanOpening: false, ackSuggestions: patched(ACK_SUGGESTIONS), serviceModel: patched(SERVICE_MODEL) });
  return legacyFeatures();
}

/** An execution whose behaviours were all decided in its first task (by generation or markers). */
function decidedAtStart(decided: { leanOpening: boolean; ackSuggestions: boolean; serviceModel: boolean }): TicketFeatures {
  const on = () => true;
  return {
    decidedAtStart: true,
    leanOpening: decided.leanOpening,
    approvalsAndAssignment: on,
    requesterMailAllChannels: on,
    pendingReminder: on,
    requesterAnswerResumes: on,
    ackSuggestions: () => decided.ackSuggestions,
    serviceModel: () => decided.serviceModel,
  };
}

function legacyFeatures(): TicketFeatures {
  const taken = new Set<string>();
  /** True when the history holds the marker; never records a new one. */
  const honoured = (patchId: string): boolean => {
    if (taken.has(patchId)) return true;
    if (!workflowInfo().unsafe.isReplaying) return false;
    if (!patched(patchId)) return false;
    taken.add(patchId);
    return true;
  };
  return {
    decidedAtStart: false,
    leanOpening: false,
    approvalsAndAssignment() {
      if (!taken.has(APPROVALS_AND_ASSIGNMENT) && taken.has(REQUESTER_MAIL_ALL_CHANNELS) && workflowInfo().unsafe.isReplaying) {
        // Code that recorded requester-mail-all-channels also recorded this marker (it is older):
        // if the SDK does not know it yet, the marker sits one task later — the stranded shape.
        if (rescueStrandedApprovalsMarker(APPROVALS_AND_ASSIGNMENT) && patched(APPROVALS_AND_ASSIGNMENT)) {
          taken.add(APPROVALS_AND_ASSIGNMENT);
          // Live, the SDK core recorded its TemporalChangeVersion upsert after the marker; on
          // replay it only does so for markers it has seen, so this one is matched by hand.
          upsertSearchAttributes([]);
          return true;
        }
      }
      return honoured(APPROVALS_AND_ASSIGNMENT);
    },
    requesterMailAllChannels: () => honoured(REQUESTER_MAIL_ALL_CHANNELS),
    pendingReminder: () => honoured(PENDING_REMINDER),
    // Newer than the start marker: executions without it keep the old behaviour for good.
    requesterAnswerResumes: () => false,
    ackSuggestions: () => false,
    serviceModel: () => false,
  };
}
