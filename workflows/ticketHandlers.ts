// The ticket's messages: the query, one update per action (each checked against its contract,
// then against the ticket as it is), the approval decision, bounces and mail from the mailbox.
// Wired by ticketWorkflow to its entity (workflows/ticket.ts); workflow code only.
import { ApplicationFailure, condition, setHandler } from '@temporalio/workflow';
import type { ClockEvent } from '../sla/clock';
import type { ActionArgs, TicketActionName } from '../ticket/actions';
import { argumentProblem } from '../ticket/argumentCheck';
import { pauseWaitingEvents, resumeWaitingEvents } from '../ticket/clockEvents';
import { nextStatus, TERMINAL_STATUSES } from '../ticket/lifecycle';
import type { Actor, Comment, TicketState } from '../ticket/state';
import * as msg from './messages';
import type { ApprovalFlow } from './ticketApproval';
import type { ChecklistFlow } from './ticketChecklist';
import { iso, SYSTEM, transition, type TicketCore } from './ticketCore';
import type { TicketFeatures } from './ticketFeatures';
import type { FollowUpFlow } from './ticketFollowUp';
import type { MajorIncidentFlow } from './majorIncident';
import type { Milestones } from './ticketMilestones';
import { notices } from './ticketProxies';
import { applyRating, checkRating } from './ticketRating';
import type { RequesterNotices } from './requesterNotices';
import type { TicketTeam } from './ticketTeam';
import type { Visits } from './ticketVisits';
import type { TicketWatchers } from './ticketWatchers';

/** What the handlers need of the ticket: its state and parts, and the operations that change it. */
export interface TicketEntity {
  core: TicketCore;
  number: string;
  features: TicketFeatures;
  flows: {
    requester: RequesterNotices;
    watchers: TicketWatchers;
    followUp: FollowUpFlow;
    approval: ApprovalFlow;
    team: TicketTeam;
    checklist: ChecklistFlow;
    milestones: Milestones;
    visits: Visits;
    major: MajorIncidentFlow;
  };
  /** The ticket is planned (or carried over): handlers may read and change it. */
  isOpened(): boolean;
  /** Runs `fn` after every handler before it (the update queue). */
  serially<T>(fn: () => Promise<T>): Promise<T>;
  /** For a message that came while the ticket was being opened: waits, then runs `then`. */
  afterOpening(then: () => void): Promise<void>;
  /** After a change: search attributes and details published, the main loop re-arms its timer. */
  changed(): void;
  ack(): msg.TicketAck;
  /** Validator + handler pair for an action that answers with the ticket (ticket.ts `onAction`). */
  onAction<N extends Exclude<TicketActionName, 'decideApproval'>>(name: N, check: (args: ActionArgs<N>) => void, apply: (args: ActionArgs<N>) => Promise<void> | void): void;
  addComment(actor: Actor, body: string, visibility: 'public' | 'internal', fromMail?: Pick<Comment, 'messageId' | 'attachments'>): Comment;
  resumeForRequester(actor: Actor, reason: string): Promise<void>;
  reopenTicket(actor: Actor, reason: string): Promise<void>;
  resolveTicket(actor: Actor, note: string, code?: string): Promise<void>;
  closeTicket(actor: Actor, how: TicketState['closedBy'], note?: string): void;
  replan(change: { priority?: string; category?: string }): Promise<void>;
  autoAssign(): Promise<void>;
  meetResponse(): ClockEvent[];
  restartUpdateClock(): ClockEvent[];
  stopAll(): ClockEvent[];
  /** Throws for a closed lean ticket: its rating and follow-up are the aftercare's. */
  keptByAftercare(): void;
}

const required = (value: string | undefined, field: string) => {
  if (!value || !value.trim()) throw new Error(`${field} is required`);
};

// Registered before the opening awaits anything when behaviours are decided at start (an update
// or query that comes early then waits for the opening instead of a replay-sensitive buffer);
// legacy executions register them where they always did, after the opening.
export function registerTicketHandlers(e: TicketEntity): void {
  const { core, features, onAction, serially, afterOpening, addComment, resumeForRequester, reopenTicket, resolveTicket, closeTicket, replan, autoAssign, meetResponse, restartUpdateClock, stopAll, keptByAftercare } = e;
  const { requester, watchers, followUp, approval, team, checklist, milestones, visits, major } = e.flows;
  setHandler(msg.getTicketQuery, () => {
    if (!e.isOpened()) throw ApplicationFailure.create({ type: 'TicketOpening', message: `ticket ${e.number} is still being opened` });
    return core.view();
  });
  // Registered on every execution (it adds no command): the API starts new tickets with it.
  setHandler(msg.ticketOpenedUpdate, async () => {
    await condition(() => e.isOpened());
    return core.view();
  });

  onAction('assign', () => undefined, (a) => {
    if (a.group) core.state.group = a.group;
    if (a.assignee !== undefined) core.state.assignee = a.assignee;
    team.ownerChanged(a.actor);
    transition(core, a.actor, 'assign', { reason: a.reason, detail: { group: core.state.group, assignee: core.state.assignee } });
    if (core.state.assignee) requester.notify('assigned', `assigned-${core.state.assignee}`);
  });

  onAction('respond', () => undefined, async (a) => {
    const from = core.state.status;
    const comment = addComment(a.actor, a.message, 'public');
    requester.notify('comment', `comment-${comment.id}`, comment.id);
    core.state.status = nextStatus('respond', from);
    if (core.state.status !== from) core.record(a.actor, 'respond', { from, to: core.state.status });
    await core.refreshClocks([...meetResponse(), ...restartUpdateClock()]);
  });

  onAction('comment', (a) => {
    if (a.visibility === 'internal' && a.actor.role === 'requester') throw new Error('requesters cannot write internal notes');
  }, async (a) => {
    // The requester answered what we were waiting for (in the portal, as by mail): clocks run again.
    if (a.actor.role === 'requester' && core.state.status === 'pending' && core.state.pendingReason === 'requester' && features.requesterAnswerResumes())
      await resumeForRequester(a.actor, 'the requester answered');
    const comment = addComment(a.actor, a.body, a.visibility);
    if (a.visibility === 'public' && a.actor.role !== 'requester') requester.notify('comment', `comment-${comment.id}`, comment.id);
    if (a.visibility === 'public' && a.actor.role === 'requester') watchers.tell('requesterComment', `rcomment-${comment.id}`, { commentId: comment.id, author: a.actor.id });
    // A public answer from staff is a response and an update to the requester.
    if (a.visibility === 'public' && a.actor.role !== 'requester') await core.refreshClocks([...meetResponse(), ...restartUpdateClock()]);
  });

  onAction('changePriority', (a) => {
    if (a.priority === core.state.priority) throw new Error(`priority is already ${a.priority}`);
  }, async (a) => {
    const from = core.state.priority;
    await replan({ priority: a.priority });
    core.record(a.actor, 'changePriority', { reason: a.reason, detail: { from, to: core.state.priority } });
  });

  onAction('changeCategory', (a) => {
    if (a.category === core.state.category) throw new Error(`category is already ${a.category}`);
  }, async (a) => {
    const from = core.state.category;
    await replan({ category: a.category });
    core.record(a.actor, 'changeCategory', { reason: a.reason, detail: { from, to: core.state.category } });
  });

  onAction('pend', () => undefined, async (a) => {
    core.state.pendingReason = a.reason;
    transition(core, a.actor, 'pend', { reason: a.reason, detail: { note: a.note } });
    if (a.reason === 'requester') requester.notify('pending', `pending-${core.state.timeline.length}`);
    const pauses = core.state.plan.pauseResolutionWhilePending.includes(a.reason) ? pauseWaitingEvents(`pending:${a.reason}`) : [];
    await core.refreshClocks([...meetResponse(), ...pauses]);
  });

  onAction('resume', () => undefined, async (a) => {
    core.state.pendingReason = undefined;
    transition(core, a.actor, 'resume', { reason: a.note });
    await core.refreshClocks(resumeWaitingEvents());
  });

  onAction('resolve', () => undefined, async (a) => {
    await resolveTicket(a.actor, a.resolutionNote, a.code);
    await major.afterResolve();
  });

  // A link in an earlier resolution mail must not confirm or reopen a later resolution.
  const sameResolution = (round: number | undefined) => {
    if (round !== undefined && round !== core.state.reopenCount) throw new Error('this link belongs to an earlier resolution of the ticket');
  };

  onAction('reopen', (a) => sameResolution(a.round), (a) => reopenTicket(a.actor, a.reason));

  onAction('close', (a) => {
    sameResolution(a.round);
    if (a.confirmation === 'requester' && a.actor.role !== 'requester')
      throw new Error("only the requester can confirm; agents record a confirmation with confirmation 'agent-on-behalf'");
    if (a.confirmation === 'agent-on-behalf') {
      if (a.actor.role === 'requester') throw new Error("requesters confirm with confirmation 'requester'");
      required(a.note, 'note (how the requester confirmed)');
    }
  }, async (a) => {
    closeTicket(a.actor, a.confirmation, a.note);
    await core.refreshClocks(milestones.atClose(stopAll()));
  });

  onAction('cancel', () => major.checkEnding('cancel'), async (a) => {
    transition(core, a.actor, 'cancel', { reason: a.reason });
    watchers.tell('cancelled', 'cancelled');
    visits.atEnd('cancelled'); // its arrival clock stops with all the others
    await core.refreshClocks(stopAll());
  });

  onAction('decline', (a) => {
    if (a.actor.role === 'requester') throw new Error('only staff can decline a request');
    major.checkEnding('decline');
  }, async (a) => {
    transition(core, a.actor, 'decline', { reason: a.reason });
    requester.notify('declined', 'declined');
    visits.atEnd('declined'); // its arrival clock stops with all the others
    await core.refreshClocks(stopAll());
  });

  onAction('rate', (a) => {
    keptByAftercare();
    checkRating(core.state, a);
  }, (a) => applyRating(core, followUp, a));

  // Tiers and the response team (workflows/ticketTeam.ts).
  onAction('escalateTier', () => undefined, (a) => team.escalateTierAction(a));
  onAction('addHelper', (a) => team.checkAddHelper(a), (a) => team.addHelper(a));
  onAction('removeHelper', (a) => team.checkRemoveHelper(a), (a) => team.removeHelper(a));
  onAction('completeTask', (a) => checklist.check(a), (a) => checklist.complete(a));
  // Issue #12: milestones short of the fix, and on-site visits (workflows/ticketMilestones.ts,
  // ticketVisits.ts). New actions: registered for every execution, they add commands only when used.
  onAction('recordWorkaround', () => undefined, (a) => milestones.recordWorkaround(a));
  onAction('bookVisit', (a) => visits.checkBooking(a), (a) => visits.book(a));
  onAction('cancelVisit', () => visits.checkOpen(), (a) => visits.cancel(a));
  onAction('recordArrival', () => visits.checkOpen(), (a) => visits.arrive(a));
  // Issue #12: watchers and the dissatisfied follow-up (workflows/ticketWatchers.ts, ticketFollowUp.ts).
  onAction('addWatcher', (a) => watchers.checkAdd(a), (a) => watchers.add(a));
  onAction('removeWatcher', (a) => watchers.checkRemove(a), (a) => watchers.remove(a));
  onAction('recordFollowUp', (a) => {
    keptByAftercare();
    followUp.checkRecord(a);
  }, (a) => followUp.record(a));

  setHandler(
    msg.decideApprovalUpdate,
    (a) => {
      const validated = e.isOpened();
      return serially(async () => {
        if (!validated) await afterOpening(() => validateDecision(a));
        const current = core.state.approval!;
        current.status = a.decision === 'approve' ? 'approved' : 'rejected';
        current.decidedAt = iso(Date.now());
        current.decidedBy = a.actor;
        current.comment = a.comment;
        // In a chain (catalogue requests), each step is recorded and the next one asked in turn.
        const chainStep = approval.stepDetail();
        approval.stepDecided();
        const from = core.state.status;
        if (a.decision === 'approve' && chainStep && chainStep.step < chainStep.of) {
          core.record(a.actor, 'approve', { reason: a.comment, detail: chainStep });
          await approval.requestNextStep();
        } else if (a.decision === 'approve') {
          core.state.status = 'new';
          core.state.pendingReason = undefined;
          core.record(a.actor, 'approve', { from, to: 'new', reason: a.comment, ...(chainStep ? { detail: chainStep } : {}) });
          await core.refreshClocks(resumeWaitingEvents());
          await autoAssign();
        } else {
          core.state.status = 'declined';
          core.state.pendingReason = undefined;
          core.record(a.actor, 'reject', { from, to: 'declined', reason: a.comment ?? 'rejected by the approver', ...(chainStep ? { detail: chainStep } : {}) });
          requester.notify('declined', 'declined');
          await core.refreshClocks(stopAll());
        }
        e.changed();
        return e.ack();
      });
    },
    {
      validator: (a) => (e.isOpened() ? validateDecision(a) : undefined),
    },
  );
  function validateDecision(a: msg.DecideApprovalArgs) {
    const approval = core.state.approval;
    if (!approval || (approval.status !== 'waiting' && approval.status !== 'escalated'))
      throw ApplicationFailure.nonRetryable(`ticket ${core.state.number} has no approval waiting for a decision`, 'IllegalTransition');
    const problem = argumentProblem('decideApproval', a);
    if (problem) throw ApplicationFailure.nonRetryable(problem, 'InvalidArgument');
    if (a.nonce !== undefined && a.nonce !== approval.nonce)
      throw ApplicationFailure.nonRetryable('this approval link is no longer valid', 'IllegalTransition');
    const isApprover = approval.approver && a.actor.id === approval.approver.id;
    if (!isApprover && a.actor.role !== 'admin')
      throw ApplicationFailure.nonRetryable(`only ${approval.approver?.name ?? 'an admin'} can decide this approval`, 'InvalidArgument');
  }

  // Major incidents (workflows/majorIncident.ts): new actions and signals, for every execution.
  onAction('declareMajorIncident', (a) => major.checkDeclare(a), (a) => major.declare(a));
  onAction('linkTickets', (a) => major.checkLinkTickets(a), (a) => major.linkTickets(a));
  onAction('linkToMajorIncident', (a) => major.checkLinkTo(a), (a) => major.linkTo(a));
  onAction('broadcastMajorIncidentUpdate', (a) => major.checkBroadcast(a), (a) => major.broadcast(a));
  major.registerSignals();

  // The mailbox recognised a bounce of our mail about this ticket (a retried hand-over may
  // send it twice). The requester's address bouncing is worth a word to whoever works on it.
  setHandler(msg.mailBouncedSignal, (bounce) =>
    serially(async () => {
      if (!e.isOpened()) await condition(() => e.isOpened());
      if (core.state.bounces?.some((b) => b.bounceMessageId === bounce.bounceMessageId)) return;
      (core.state.bounces ??= []).push({ ...bounce, at: iso(Date.now()) });
      const requesterBounced = bounce.recipient !== '' && bounce.recipient === core.state.intake.requester.email.toLowerCase();
      core.record(SYSTEM, 'mail-bounced', {
        reason: bounce.diagnostic,
        detail: { recipient: bounce.recipient, status: bounce.status, originalMessageId: bounce.originalMessageId, requester: requesterBounced },
      });
      if (requesterBounced && !TERMINAL_STATUSES.has(core.state.status)) {
        const notified = await core.staffNotice("the requester's bounce", () =>
          notices.tellOfRequesterBounce({ ticket: core.view(), recipient: bounce.recipient, status: bounce.status, diagnostic: bounce.diagnostic }),
        );
        core.record(SYSTEM, 'notify', { reason: "the requester's address bounced", detail: { notified } });
      }
      e.changed();
    }),
  );

  // A mail for this ticket (the mailbox threaded it here). Never rejected: the answer tells the
  // mailbox what happened, and a closed ticket sends the mail on to a follow-up ticket.
  setHandler(
    msg.receiveMailUpdate,
    (mail) =>
      serially(async (): Promise<msg.ReceiveMailResult> => {
        if (!e.isOpened()) await condition(() => e.isOpened());
        const seen = core.state.comments.some((c) => c.messageId === mail.messageId) || core.state.mail?.inboundMessageIds.includes(mail.messageId);
        if (seen) return { outcome: 'duplicate', status: core.state.status };
        if (TERMINAL_STATUSES.has(core.state.status)) return { outcome: 'closed', status: core.state.status };
        const actor: Actor = { role: 'requester', id: mail.from };
        let outcome: msg.ReceiveMailResult['outcome'] = 'commented';
        const resolvedAt = core.state.resolution ? Date.parse(core.state.resolution.at) : NaN;
        // A watcher's reply is a comment: only the requester reopens or answers our question.
        const fromWatcher = watchers.isWatcher(mail.from);
        if (!fromWatcher && core.state.status === 'resolved' && Date.now() - resolvedAt <= mail.reopenWindowSeconds * 1000) {
          await reopenTicket(actor, 'the requester replied by mail');
          outcome = 'reopened';
          requester.notify('reopened', `reopened-${core.state.reopenCount}`);
        } else if (!fromWatcher && core.state.status === 'pending' && core.state.pendingReason === 'requester') {
          await resumeForRequester(actor, 'the requester replied by mail');
        }
        const comment = addComment(actor, mail.body || mail.subject || '(empty mail)', 'public', {
          messageId: mail.messageId,
          ...(mail.attachments.length ? { attachments: mail.attachments } : {}),
        });
        watchers.tell('requesterComment', `rcomment-${comment.id}`, { commentId: comment.id, author: mail.from });
        if (core.state.mail) {
          core.state.mail.inboundMessageIds.push(mail.messageId);
          core.state.mail.attachments.push(...mail.attachments.map((a) => ({ ...a, messageId: mail.messageId })));
        }
        e.changed();
        return { outcome, status: core.state.status };
      }),
    {
      validator: (mail) => {
        if (!mail || typeof mail.messageId !== 'string' || !mail.messageId || typeof mail.from !== 'string' || !mail.from)
          throw ApplicationFailure.nonRetryable('messageId and from are required', 'InvalidArgument');
      },
    },
  );
}
