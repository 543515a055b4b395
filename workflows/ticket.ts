// The entity workflow of one ticket: its state machine, SLA clocks and escalations.
// Deterministic only: config, calendars, mail and storage are reached through activities.
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  ParentClosePolicy,
  setCurrentDetails,
  setHandler,
  startChild,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
  WorkflowIdReusePolicy,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError, type SearchAttributeUpdatePair } from '@temporalio/common';
import type { ClockEvent, ClockName, ClockView } from '../sla/clock';
import type { ActionArgs } from '../ticket/actions';
import { ACTION_FACTS, type TicketActionName } from '../ticket/actionFacts';
import type { TicketIntake } from '../ticket/intake';
import { TERMINAL_STATUSES } from '../ticket/lifecycle';
import type { Actor, Comment, TicketPlan, TicketState, TicketView } from '../ticket/state';
import * as msg from './messages';
import { aftercareWorkflowId } from './messages';
import { deskStartedThread, openingThread, requesterNotices } from './requesterNotices';
import { fitKeyword, TicketSearch } from './searchAttributes';
import { storeActivities } from './storeProxy';
import { approvalFlow } from './ticketApproval';
import { ticketTeam } from './ticketTeam';
import { checklistFlow } from './ticketChecklist';
import { milestones as milestonesOf } from './ticketMilestones';
import { CLOCKS_STARTED_BY_ACTIONS, levelSpecsOf, visitsFlow } from './ticketVisits';
import { majorIncidentFlow } from './majorIncident';
import { followUpFlow } from './ticketFollowUp';
import { ticketAftercareWorkflow } from './ticketAftercare';
import { escalationFlow } from './ticketEscalation';
import { registerTicketHandlers } from './ticketHandlers';
import { ticketWatchers } from './ticketWatchers';
import { iso, staffNoticeRecorder, SYSTEM, timelineRecorder, transition, updateQueue, type TicketCore } from './ticketCore';
import { checkAction, guardTransition } from './actionCheck';
import { decideTicketFeatures } from './ticketFeatures';
import { assignment, clockMath, localAssignment, localPolicy, notices, policy } from './ticketProxies';
import { currentDetails, toTicketView } from './ticketView';
import { meetResponseEvents, restartUpdateEvents, resumeWaitingEvents, startEvents, stopAllEvents } from '../ticket/clockEvents';
import { autoCloseAt, nextWake, ticketFinished } from '../ticket/deadlines';
import { newTicketState } from '../ticket/newTicketState';

export interface TicketWorkflowInput {
  number: string;
  intake: TicketIntake;
  storeTaskQueue: string;
  /** Set when the ticket was opened by a mail (the mailbox workflow's intake). */
  mail?: msg.MailOpeningInput;
  /** Set when the workflow continues as new: the whole ticket, clock ledgers included. */
  carried?: { state: TicketState; clockViews: ClockView[]; slaComputedAt: string };
  /**
   * Which behaviours this execution has (ticketFeatures.ts LEAN_GENERATION): set by the desk's
   * starter since issue #10; absent from tickets the intake workflow started.
   */
  generation?: number;
}

export async function ticketWorkflow(input: TicketWorkflowInput): Promise<TicketView> {
  // First, before any await: see ticketFeatures.ts for why this cannot wait.
  const features = decideTicketFeatures(input.generation);
  const store = storeActivities(input.storeTaskQueue);
  const planner = features.leanOpening ? localPolicy : policy;
  const assigner = features.leanOpening ? localAssignment : assignment;

  let state: TicketState;
  let clockViews: ClockView[] = [];
  let slaComputedAt = iso(Date.now());
  let wakeUp = false; // set by handlers so the main loop re-arms its timer
  let opened = false; // the ticket is planned (or carried over): handlers may read and change it

  const serially = updateQueue(); // serialises handlers that await activities
  const view = () => toTicketView(state, clockViews, slaComputedAt);
  const ack = (): msg.TicketAck => ({ number: state.number, status: state.status, updatedAt: state.updatedAt });

  async function refreshClocks(events: ClockEvent[]): Promise<void> {
    const result = await clockMath.computeClocks({
      ledgers: state.clocks,
      events,
      now: iso(Date.now()),
      levelsByClock: levelsOf(state.plan),
      quietHoursCalendarId: state.priority === 'P1' ? null : state.plan.quietHoursCalendarId,
    });
    state.clocks = result.ledgers;
    state.schedule = result.schedule;
    clockViews = result.views;
    slaComputedAt = result.computedAt;
  }

  const record = timelineRecorder(() => state);

  const published: Record<string, unknown> = {};
  function publish(): void {
    const v = view();
    const due = (name: ClockName) => {
      const clock = v.sla.find((c) => c.name === name);
      return clock?.dueAt ? new Date(clock.dueAt) : undefined;
    };
    const values: Array<[SearchAttributeUpdatePair['key'], unknown]> = [
      [TicketSearch.number, v.number],
      [TicketSearch.status, v.status],
      [TicketSearch.priority, v.priority],
      [TicketSearch.category, v.category],
      [TicketSearch.group, v.group],
      [TicketSearch.assignee, v.assignee ?? undefined],
      [TicketSearch.requester, v.intake.requester.email],
      [TicketSearch.responseDue, due('response')],
      [TicketSearch.resolutionDue, due('resolution')],
      [TicketSearch.breached, v.breached],
      [TicketSearch.helpers, v.helpers?.length ? v.helpers : undefined],
    ];
    for (const pair of values) if (typeof pair[1] === 'string') pair[1] = fitKeyword(pair[1]);
    // Upsert only what changed, so the history is not flooded with identical upserts.
    const changed = values.filter(([key, value]) => String(published[key.name] ?? null) !== String(value ?? null));
    if (changed.length) {
      // null removes an attribute (an assignee taken away, a clock that has no due time any more).
      upsertSearchAttributes(changed.map(([key, value]) => ({ key, value: value ?? null }) as SearchAttributeUpdatePair));
      for (const [key, value] of changed) published[key.name] = value;
    }
    setCurrentDetails(currentDetails(v));
  }

  /**
   * Validator + handler pair for an agent/requester action that answers with the ticket. The
   * argument is checked against the action's contract (ticket/actions.ts), then by `check`
   * against the ticket as it is.
   */
  function onAction<N extends Exclude<TicketActionName, 'decideApproval'>>(
    name: N,
    check: (args: ActionArgs<N>) => void,
    apply: (args: ActionArgs<N>) => Promise<void> | void,
  ) {
    type A = ActionArgs<N>;
    const action = ACTION_FACTS[name].lifecycle;
    const validate = (args: A) => checkAction(name, args, state.status, () => check(args));
    setHandler(
      msg.ticketUpdates[name] as never,
      ((args: A) => {
        const validated = opened; // the validator ran just before, in the same activation
        return serially(async () => {
          if (validated) guardTransition(action, state.status); // the status may have changed while this update waited its turn
          else await afterOpening(() => validate(args));
          await apply(args);
          publish();
          wakeUp = true;
          return ack();
        });
      }) as never,
      { validator: ((args: A) => (opened ? validate(args) : undefined)) as never },
    );
  }

  /** For a message that came while the ticket was being opened: waits, then runs `then`. */
  async function afterOpening(then: () => void): Promise<void> {
    await condition(() => opened);
    then();
  }

  const core: TicketCore = {
    get state() {
      return state;
    },
    get clockViews() {
      return clockViews;
    },
    record,
    refreshClocks,
    view,
    store,
    staffNotice: staffNoticeRecorder(record),
  };
  const watchers = ticketWatchers(core, features, serially);
  const requester = requesterNotices(core, features, serially, watchers.onRequesterNotice);
  const followUp = followUpFlow(core, features);
  const approval = approvalFlow(core, { requester, stopAllClocks: stopAll });
  const team = ticketTeam(core, { autoAssign: () => autoAssign() });
  const checklist = checklistFlow(core, { requester });
  const milestones = milestonesOf(core, { requester, meetResponse, restartUpdateClock });
  const visits = visitsFlow(core, { requester, meetResponse, restartUpdateClock });
  const escalation = escalationFlow(core, { watchers, team, replan, autoAssign: () => autoAssign() });
  const major = majorIncidentFlow(core, {
    requester,
    serially,
    whenOpened: () => condition(() => opened),
    changed: () => {
      publish();
      wakeUp = true;
    },
    replan,
    addComment,
    resolveTicket,
    answeredRequesterEvents: () => [...meetResponse(), ...restartUpdateClock()],
    meetResponseEvents: meetResponse,
  });
  if (features.decidedAtStart) registerHandlers();

  // ---- start or carry over -------------------------------------------------------------
  let openingTail: (() => Promise<void>) | undefined;
  if (input.carried) {
    state = input.carried.state;
    clockViews = input.carried.clockViews;
    slaComputedAt = input.carried.slaComputedAt;
  } else {
    const plan = await planner.planTicket({ intake: input.intake });
    state = newTicketState({ number: input.number, intake: input.intake, plan, at: iso(Date.now()), ...(input.mail ? { mail: openingThread(input.mail) } : {}) });
    // The requester of a ticket opened another way hears from us by mail as well, in a thread
    // our acknowledgement starts; their replies come back through the mailbox like any other.
    const mailsDeskThread = !input.mail && plan.mailRequester === true && features.requesterMailAllChannels();
    if (mailsDeskThread) state.mail = deskStartedThread(input.intake.title);
    record(SYSTEM, 'open', {
      to: 'new',
      detail: {
        channel: input.intake.channel,
        configVersion: plan.configVersion,
        routing: plan.reasons,
        ...(input.mail ? { messageId: input.mail.messageId, mailbox: input.mail.mailbox, linkedFrom: input.mail.linkedFrom } : {}),
      },
    });
    if (plan.assignee) record(SYSTEM, 'assign', { from: 'new', to: 'assigned' });
    watchers.seedFromPlan();
    if (plan.decline) {
      // Out of scope by an admin's rule (personal device, pirated software…): declined at once,
      // with the reason, and no SLA clock ever starts.
      state.status = 'declined';
      record(SYSTEM, 'decline', { from: 'new', to: 'declined', reason: plan.decline.reason, detail: { rule: plan.decline.rule } });
    } else {
      await refreshClocks(startEvents(plan));
    }
    if (features.leanOpening) openingTail = await openPlanned(plan, mailsDeskThread);
    else await openInFull(plan, mailsDeskThread);
  }
  if (state.mail) void requester.deliverForever();
  void watchers.deliverForever();
  // A lean ticket's start set its memo; older starts did too, but their histories hold this upsert.
  if (input.carried || !features.leanOpening)
    upsertMemo({ title: state.intake.title, requester: `${state.intake.requester.name} <${state.intake.requester.email}>` });
  publish();
  opened = true;
  if (!features.decidedAtStart) registerHandlers();
  // The notices of a lean opening go out after the ticket is answered, in turn with the updates.
  if (openingTail) void serially(openingTail);

  /**
   * The opening of a lean ticket up to the point where it can be answered: planned, clocked,
   * held for approval or assigned (local activities, all in the first workflow task). Answers
   * what remains: the mails, which wait for nobody.
   */
  async function openPlanned(plan: TicketPlan, mailsDeskThread: boolean): Promise<() => Promise<void>> {
    const proceeds = state.status !== 'declined';
    if (proceeds && plan.approval) await approval.hold();
    else if (proceeds) await autoAssign({ tellRequester: false });
    if (proceeds && plan.declareMajorIncident) await major.declareByRule();
    // Updates that came while the ticket was opening run first: check the ticket as it is now.
    return async () => {
      if (state.status === 'pending' && state.approval?.status === 'waiting') await approval.askApprover();
      if (proceeds && !TERMINAL_STATUSES.has(state.status)) await tellAtOnce('open');
      await acknowledge(mailsDeskThread);
      publish();
      wakeUp = true;
    };
  }

  /** The opening of tickets started before issue #10: the order of its commands is their history's. */
  async function openInFull(plan: TicketPlan, mailsDeskThread: boolean): Promise<void> {
    if (state.status !== 'declined' && features.approvalsAndAssignment()) {
      if (plan.approval) await approval.request();
      // The acknowledgement that follows already names the engineer: no separate notice.
      else await autoAssign({ tellRequester: false });
    }
    if (state.status !== 'declined') await tellAtOnce('open');
    // Major incidents (issue #12): a rule may declare one (plans made before carry no such field);
    // a new mail's ticket joins the open major incident its words name (new executions only).
    if (plan.declareMajorIncident && state.status !== 'declined') await major.declareByRule();
    await acknowledge(mailsDeskThread);
  }

  /** Links a new mail's ticket to the major incident it names, and acknowledges the request. */
  async function acknowledge(mailsDeskThread: boolean): Promise<void> {
    if (input.mail && state.status !== 'declined' && features.serviceModel()) await major.linkIfWordsMatch();
    if ((input.mail?.acknowledge || mailsDeskThread) && state.status !== 'declined' && features.ackSuggestions()) await suggestArticles();
    if (input.mail?.acknowledge || mailsDeskThread) {
      const kind = state.status === 'declined' ? 'declined' : 'ack';
      requester.notify(kind, kind);
    }
  }

  // ---- messages (workflows/ticketHandlers.ts) -------------------------------------------
  function registerHandlers(): void {
    registerTicketHandlers({
      core,
      number: input.number,
      features,
      flows: { requester, watchers, followUp, approval, team, checklist, milestones, visits, major },
      isOpened: () => opened,
      serially,
      afterOpening,
      changed: () => {
        publish();
        wakeUp = true;
      },
      ack,
      onAction,
      addComment,
      resumeForRequester,
      reopenTicket,
      resolveTicket,
      closeTicket,
      replan,
      autoAssign: () => autoAssign(),
      meetResponse,
      restartUpdateClock,
      stopAll,
      keptByAftercare,
    });
  }
  // ---- helpers that need state ----------------------------------------------------------
  /**
   * A lean ticket completes as it closes; its rating and follow-up are the aftercare workflow's.
   * The API, told so by the error's type, sends the update there (api/ticketService.ts).
   */
  function keptByAftercare(): void {
    if (features.leanOpening && state.status === 'closed')
      throw ApplicationFailure.nonRetryable(`ticket ${state.number} is closed: its rating and follow-up are kept by ${aftercareWorkflowId(state.number)}`, 'Aftercare');
  }
  function addComment(actor: Actor, body: string, visibility: 'public' | 'internal', fromMail?: Pick<Comment, 'messageId' | 'attachments'>): Comment {
    const id = state.comments.length + 1;
    const comment: Comment = { id, at: iso(Date.now()), actor, body, visibility, ...fromMail };
    state.comments.push(comment);
    record(actor, visibility === 'public' ? 'comment' : 'note', { detail: { commentId: id, ...(fromMail?.messageId ? { messageId: fromMail.messageId } : {}) } });
    return comment;
  }
  /**
   * The policy's onOpen / onRaise notice for the ticket's priority (sla.yaml): urgent tickets are
   * told to the duty supervisor at once. Plans made before carry none, so replays stay as they were.
   */
  async function tellAtOnce(when: 'open' | 'raise', from?: string): Promise<void> {
    const notify = when === 'open' ? state.plan.urgentNotices?.onOpen : state.plan.urgentNotices?.onRaise;
    if (!notify?.length) return;
    const notified = await core.staffNotice(`the urgent ${when} notice`, () =>
      notices.sendUrgentNotice.executeWithOptions({ summary: `urgent ${state.priority} (${when}): notify ${notify.join(', ')}` }, [{ ticket: view(), when, from, notify }]),
    );
    record(SYSTEM, 'notify', { reason: when === 'open' ? `an urgent ${state.priority} ticket opened` : `raised from ${from} to ${state.priority}`, detail: { notified, roles: notify } });
  }

  /**
   * Published articles that may answer the request, for the acknowledgement. A help, never a
   * hold-up: the store is asked twice at most, and without an answer the mail goes without.
   */
  async function suggestArticles(): Promise<void> {
    try {
      const { title, description, errorMessage } = state.intake;
      const suggestions = await store.suggestArticles.executeWithOptions(
        { summary: 'suggest knowledge articles', retry: { maximumAttempts: 2, initialInterval: '1s' } },
        [{ ticketNumber: state.number, intake: { title, description, errorMessage } }],
      );
      if (suggestions.length) state.suggestions = suggestions;
    } catch (err) {
      record(SYSTEM, 'suggestions-skipped', { reason: (err as Error).message });
    }
  }

  /** The requester answered the question the ticket waited on: in progress again, clocks running. */
  async function resumeForRequester(actor: Actor, reason: string) {
    state.pendingReason = undefined;
    transition(core, actor, 'resume', { reason });
    await refreshClocks(resumeWaitingEvents());
  }
  async function reopenTicket(actor: Actor, reason: string) {
    state.reopenCount += 1;
    state.resolution = undefined;
    transition(core, actor, 'reopen', { reason });
    // The resolution clock goes on from the time already consumed; it never starts over.
    const events: ClockEvent[] = [{ type: 'resume', clock: 'resolution' }];
    if (state.plan.clocks.update) events.push({ type: 'restart', clock: 'update' });
    await refreshClocks(events);
  }
  /** Picks a person in the ticket's group by the group's strategy (routing.yaml `assignment`). */
  async function autoAssign({ tellRequester = true } = {}): Promise<void> {
    if (state.assignee || TERMINAL_STATUSES.has(state.status)) return;
    try {
      const choice = await assigner.chooseAssignee({ groupId: state.group, skills: state.plan.skills, ticketNumber: state.number, priority: state.priority });
      if (!choice.assignee) {
        record(SYSTEM, 'assign-skipped', { reason: choice.why });
        return;
      }
      state.assignee = choice.assignee;
      team.ownerChanged(SYSTEM);
      transition(core, SYSTEM, 'assign', { reason: choice.why, detail: { strategy: choice.strategy, assignee: choice.assignee, ...(choice.dispatch ? { dispatch: choice.dispatch } : {}) } });
      if (tellRequester) requester.notify('assigned', `assigned-${choice.assignee}`);
    } catch (err) {
      // Assignment is a convenience: without it the ticket waits in its group's queue.
      record(SYSTEM, 'assign-skipped', { reason: (err as Error).message });
    }
  }
  function meetResponse(): ClockEvent[] {
    return meetResponseEvents(state);
  }
  function restartUpdateClock(): ClockEvent[] {
    return restartUpdateEvents(state, major.holdsCommunicationClock());
  }
  async function resolveTicket(actor: Actor, note: string, code?: string): Promise<void> {
    state.pendingReason = undefined;
    state.resolution = { note, code, at: iso(Date.now()), by: actor };
    transition(core, actor, 'resolve', { detail: { code } });
    requester.notify('resolved', `resolved-${state.reopenCount}`);
    await refreshClocks([...meetResponse(), ...milestones.atResolve(), { type: 'stop', clock: 'update' }, ...visits.atEnd('resolved')]);
  }
  function stopAll(): ClockEvent[] {
    return stopAllEvents(state);
  }
  function closeTicket(actor: Actor, how: TicketState['closedBy'], note?: string) {
    state.closedAt = iso(Date.now());
    state.closedBy = how;
    transition(core, actor, 'close', { reason: note, detail: { confirmation: how } });
    requester.notify('closed', 'closed');
  }
  async function replan(change: { priority?: string; category?: string }) {
    // A new priority keeps category and group; a new category is routed again.
    const plan = await planner.planTicket({
      intake: state.intake,
      category: change.category ?? state.category,
      priority: change.priority ?? state.priority,
      group: change.category ? undefined : state.group,
      ...(state.majorIncident?.status === 'open' ? { majorIncident: true } : {}),
    });
    let movedFrom: { group: string; assignee: string } | null = null;
    if (plan.group !== state.group) {
      record(SYSTEM, 'reroute', { detail: { fromGroup: state.group, toGroup: plan.group, previousAssignee: state.assignee } });
      if (state.assignee) movedFrom = { group: state.group, assignee: state.assignee };
      state.group = plan.group;
      state.assignee = null;
      if (state.status === 'assigned') state.status = 'new';
    }
    const raised = Number(plan.priority.slice(1)) < Number(state.priority.slice(1));
    const fromPriority = state.priority;
    state.plan = { ...plan, configVersion: plan.configVersion };
    state.priority = plan.priority;
    state.category = plan.category;
    const events: ClockEvent[] = [];
    for (const [name, target] of Object.entries(plan.clocks) as Array<[ClockName, NonNullable<TicketPlan['clocks'][ClockName]>]>) {
      const existing = state.clocks.find((c) => c.name === name);
      // A clock stopped by an earlier replan (P2 → P3 drops the update clock) starts afresh.
      if (existing && existing.state !== 'stopped')
        events.push({ type: 'retarget', clock: name, calendarId: target.calendarId, targetSeconds: target.targetSeconds });
      else if (state.status !== 'resolved')
        events.push({ type: 'start', clock: name, calendarId: target.calendarId, targetSeconds: target.targetSeconds });
    }
    for (const clock of state.clocks) if (!plan.clocks[clock.name] && !CLOCKS_STARTED_BY_ACTIONS.has(clock.name)) events.push({ type: 'stop', clock: clock.name });
    await refreshClocks(events);
    if (raised) await tellAtOnce('raise', fromPriority);
    if (!state.assignee && features.approvalsAndAssignment()) {
      if (movedFrom) {
        const { assignee: previousAssignee, group: fromGroup } = movedFrom;
        const notified = await core.staffNotice('the previous assignee', () =>
          notices.tellPreviousAssignee({ ticket: view(), previousAssignee, fromGroup }),
        );
        record(SYSTEM, 'notify', { reason: 'the ticket moved to another group', detail: { notified } });
      }
      await autoAssign();
    }
  }

  // ---- main loop: sleep until the next threshold or a change ---------------------------
  while (true) {
    const now = Date.now();
    const { at: next, summary } = nextWake(state, { approval: approval.nextDeadline(), reminder: requester.pendingReminderDue(), followUp: followUp.nextDeadline() });
    wakeUp = false;
    if (next > now) {
      if (Number.isFinite(next)) await condition(() => wakeUp, next - now, { summary });
      else await condition(() => wakeUp);
    }
    await serially(async () => {
      await escalation.fireDueLevels();
      await approval.handleDeadlines();
      requester.remindIfDue();
      await followUp.handleDeadlines();
      if (Date.now() >= autoCloseAt(state)) {
        closeTicket(SYSTEM, 'timeout', 'no confirmation from the requester in time');
        await refreshClocks(milestones.atClose(stopAll()));
      }
      publish();
    });
    // A lean ticket ends as it closes (what a closed ticket still waits for is the aftercare's).
    if (ticketFinished(state, Date.now(), { completesAtClose: features.leanOpening, followUpOpen: followUp.keepsTicketOpen() })) break;
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await condition(requester.allDelivered);
      await condition(watchers.allDelivered);
      await continueAsNew<typeof ticketWorkflow>({ ...input, carried: { state, clockViews, slaComputedAt } });
    }
  }
  await condition(allHandlersFinished);
  await condition(requester.allDelivered); // the closing mail goes out before the workflow ends
  await condition(watchers.allDelivered);
  const final = view();
  await store.archiveTicket({ ticket: final });
  if (features.leanOpening && state.status === 'closed') await startAftercare();
  return final;

  /** Hands the rating window (and any follow-up) of the closed ticket to its aftercare workflow. */
  async function startAftercare(): Promise<void> {
    try {
      await startChild(ticketAftercareWorkflow, {
        workflowId: aftercareWorkflowId(state.number),
        args: [{ state, clockViews, slaComputedAt, storeTaskQueue: input.storeTaskQueue }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        typedSearchAttributes: [{ key: TicketSearch.number, value: fitKeyword(state.number) }],
        staticSummary: `${state.number} closed: rating window${state.followUp ? ' and follow-up' : ''}`.slice(0, 200),
      });
    } catch (err) {
      // Already started by an earlier attempt of this task: that is the one.
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }
}

/** Every planned clock's escalation levels, for the clock maths (the arrival clock's live in `visits`). */
function levelsOf(plan: TicketPlan) {
  const out: Partial<Record<ClockName, ReturnType<typeof levelSpecsOf>>> = {};
  const planned = (Object.keys(plan.clocks) as ClockName[]).filter((name) => plan.clocks[name]);
  for (const name of plan.visits ? [...planned, 'arrival' as const] : planned) out[name] = levelSpecsOf(plan, name);
  return out;
}
