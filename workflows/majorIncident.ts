// Major incidents (issue #12) in the ticket workflow: a ticket declared one gets the major
// incident's clocks (its `update` clock is the communication interval), keeps the list of the
// tickets it affects, sends each broadcast to every one of them (each mails its own requester in
// its own thread) and resolves them with its own resolution. The affected side lives here too:
// every ticket may be linked to one major incident. Workflow code only: the two sides talk by
// signals to `ticket-<number>`, mail and look-ups go out by activity.
import {
  getExternalWorkflowHandle,
  proxyActivities,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  type ActivityInterfaceFor,
  type SignalDefinition,
} from '@temporalio/workflow';
import type { MajorIncidentActivities, MajorIncidentMemo } from '../activities/majorIncidentActivities';
import type { ClockEvent } from '../sla/clock';
import type { ActionArgs } from '../ticket/actions';
import { TERMINAL_STATUSES, type TicketStatus } from '../ticket/lifecycle';
import type { Actor, Comment, MajorIncidentBroadcast, MajorIncidentRecord } from '../ticket/state';
import * as mi from './majorIncidentMessages';
import { ticketWorkflowId } from './messages';
import type { RequesterNotices } from './requesterNotices';
import { TicketSearch } from './searchAttributes';
import { iso, SYSTEM, type TicketCore } from './ticketCore';

const majorIncidentMail: ActivityInterfaceFor<MajorIncidentActivities> = proxyActivities<MajorIncidentActivities>({
  startToCloseTimeout: '1m',
  heartbeatTimeout: '5s',
  retry: { initialInterval: '5s', backoffCoefficient: 2, maximumInterval: '10m' },
});
// The look-up at opening is a help: asked a few times, then the ticket opens without a link.
const majorIncidentLookup: ActivityInterfaceFor<MajorIncidentActivities> = proxyActivities<MajorIncidentActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', maximumInterval: '10s', maximumAttempts: 3 },
});

/** A major incident is the most urgent thing the desk has: declaring one raises the ticket to this. */
const MAJOR_INCIDENT_PRIORITY = 'P1';
const OPEN: readonly TicketStatus[] = ['new', 'assigned', 'in_progress', 'pending'];

export interface MajorIncidentDeps {
  requester: RequesterNotices;
  /** The workflow's queue that runs handlers one at a time (see ticket.ts `serially`). */
  serially: <T>(fn: () => Promise<T>) => Promise<T>;
  /** Resolves once the ticket is planned (a signal may come while it is being opened). */
  whenOpened: () => Promise<void>;
  /** Publishes search attributes and details and wakes the main loop, after a signal changed the ticket. */
  changed: () => void;
  /** Plans the ticket again (ticket.ts `replan`): keeps group and category, applies new clocks. */
  replan: (change: { priority?: string }) => Promise<void>;
  addComment: (actor: Actor, body: string, visibility: 'public' | 'internal') => Comment;
  /** The ticket's own resolve path: status, resolution, clocks, the requester's resolution mail. */
  resolveTicket: (actor: Actor, note: string, code?: string) => Promise<void>;
  /** Clock events of a public answer to the requester: response met, update clock restarted. */
  answeredRequesterEvents: () => ClockEvent[];
  /** Clock events that meet the response clock if it still runs. */
  meetResponseEvents: () => ClockEvent[];
}

export interface MajorIncidentFlow {
  checkDeclare(a: ActionArgs<'declareMajorIncident'>): void;
  declare(a: ActionArgs<'declareMajorIncident'>, rule?: string): Promise<void>;
  checkLinkTickets(a: ActionArgs<'linkTickets'>): void;
  linkTickets(a: ActionArgs<'linkTickets'>): Promise<void>;
  checkLinkTo(a: ActionArgs<'linkToMajorIncident'>): void;
  linkTo(a: ActionArgs<'linkToMajorIncident'>): Promise<void>;
  checkBroadcast(a: ActionArgs<'broadcastMajorIncidentUpdate'>): void;
  broadcast(a: ActionArgs<'broadcastMajorIncidentUpdate'>): Promise<void>;
  /** After the ticket resolved: a major incident resolves the tickets it affects. */
  afterResolve(): Promise<void>;
  /** At opening, for a ticket a routing rule declares a major incident (plan.declareMajorIncident). */
  declareByRule(): Promise<void>;
  /** At opening, for a new mail's ticket: linked to the open major incident its words name. */
  linkIfWordsMatch(): Promise<void>;
  /** An open major incident ends by resolution (its tickets resolve with it), never by cancel or decline. */
  checkEnding(action: 'cancel' | 'decline'): void;
  /** The communication interval restarts only with a broadcast, not with a comment to one requester. */
  holdsCommunicationClock(): boolean;
  registerSignals(): void;
}

export function majorIncidentFlow(core: TicketCore, deps: MajorIncidentDeps): MajorIncidentFlow {
  const openIncident = (): MajorIncidentRecord | undefined => (core.state.majorIncident?.status === 'open' ? core.state.majorIncident : undefined);
  const fail = (message: string): never => {
    throw new Error(message);
  };

  /** Sends a signal to another ticket; answers the reason when it cannot be delivered. */
  async function signalTicket<A>(number: string, signal: SignalDefinition<[A]>, args: A): Promise<string | null> {
    try {
      await getExternalWorkflowHandle(ticketWorkflowId(number)).signal(signal, args);
      return null;
    } catch (err) {
      // Unknown or finished workflow: the ticket does not exist or is archived.
      return `ticket ${number} cannot be reached (${(err as Error).message})`;
    }
  }

  async function tellHeads(when: 'declared' | 'resolved'): Promise<void> {
    const notified = await core.staffNotice(`the major incident notice (${when})`, () =>
      majorIncidentMail.sendMajorIncidentNotice.executeWithOptions({ summary: `major incident ${when}: notify department heads` }, [{ ticket: core.view(), when }]),
    );
    core.record(SYSTEM, 'notify', { reason: `major incident ${when}`, detail: { notified } });
  }

  /** The communication interval starts over (at declaration, with each broadcast). */
  function communicationRestart(): ClockEvent[] {
    const clock = core.state.clocks.find((c) => c.name === 'update');
    return clock && clock.state === 'running' ? [{ type: 'restart', clock: 'update' }] : [];
  }

  async function link(number: string, by: Actor, reason: string): Promise<void> {
    const incident = openIncident()!;
    const entry = { number, linkedAt: iso(Date.now()), by, reason, status: 'linked' as const };
    const last = incident.broadcasts.at(-1);
    const latest = last ? { latest: { broadcastId: last.id, message: last.message, by: last.by } } : {};
    const refusal = await signalTicket(number, mi.majorIncidentLinkedSignal, { majorIncident: core.state.number, title: core.state.intake.title, reason, by, ...latest });
    if (!refusal && last && !last.sentTo.includes(number)) last.sentTo.push(number);
    const existing = incident.linked.findIndex((l) => l.number === number);
    const kept = refusal ? { ...entry, status: 'refused' as const, refusal } : entry;
    if (existing >= 0) incident.linked[existing] = kept;
    else incident.linked.push(kept);
    core.record(by, refusal ? 'link-refused' : 'link-ticket', { reason: refusal ?? reason, detail: { ticket: number } });
  }

  /** On an affected ticket: one update of its major incident, recorded and mailed once per broadcast id. */
  async function receiveUpdate(b: mi.MajorIncidentBroadcastArgs): Promise<void> {
    const { state } = core;
    const link = state.affectedBy;
    if (!link || link.number !== b.majorIncident || link.broadcastsReceived.includes(b.broadcastId)) return;
    if (TERMINAL_STATUSES.has(state.status)) return;
    link.broadcastsReceived.push(b.broadcastId);
    const body = `【重大故障 ${b.majorIncident} 进展 / Major incident update】\n${b.message}`;
    const comment = deps.addComment(b.by, body, 'public');
    deps.requester.notify('comment', `major-incident-${b.majorIncident}-${b.broadcastId}`, comment.id);
    core.record(b.by, 'major-incident-update', { reason: `update ${b.broadcastId} of the major incident ${b.majorIncident}`, detail: { majorIncident: b.majorIncident, broadcast: b.broadcastId, commentId: comment.id } });
    await core.refreshClocks(deps.answeredRequesterEvents());
  }

  function publishIncident(status: 'open' | 'resolved'): void {
    upsertSearchAttributes([{ key: TicketSearch.majorIncident, value: status }]);
  }

  const flow: MajorIncidentFlow = {
    checkDeclare() {
      const { state } = core;
      if (state.majorIncident) fail(`${state.number} is already a major incident`);
      if (state.affectedBy) fail(`${state.number} is linked to the major incident ${state.affectedBy.number}; a ticket it affects cannot be declared one`);
      if (!OPEN.includes(state.status)) fail(`only an open ticket can be declared a major incident (this one is ${state.status})`);
    },

    async declare(a, rule) {
      const { state } = core;
      const at = iso(Date.now());
      const keywords = [...new Set(a.keywords)];
      state.majorIncident = { status: 'open', declaredAt: at, declaredBy: a.actor, reason: a.reason, keywords, ...(rule ? { rule } : {}), linked: [], broadcasts: [] };
      core.record(a.actor, 'declare-major-incident', { reason: a.reason, detail: { keywords, ...(rule ? { rule } : {}) } });
      // The major incident's clocks replace the priority's (ticket/plan.ts majorIncidentClocks).
      const from = state.priority;
      await deps.replan(from === MAJOR_INCIDENT_PRIORITY ? {} : { priority: MAJOR_INCIDENT_PRIORITY });
      if (state.priority !== from) core.record(a.actor, 'changePriority', { reason: 'declared a major incident', detail: { from, to: state.priority } });
      const restart = communicationRestart();
      if (restart.length) await core.refreshClocks(restart);
      publishIncident('open');
      const memo: MajorIncidentMemo = { keywords, declaredAt: at };
      upsertMemo({ majorIncident: memo });
      await tellHeads('declared');
    },

    checkLinkTickets(a) {
      const incident = openIncident() ?? fail(`${core.state.number} is not an open major incident`);
      if (a.tickets.includes(core.state.number)) fail('a major incident cannot affect itself');
      const already = a.tickets.filter((n) => incident.linked.some((l) => l.number === n && l.status === 'linked'));
      if (already.length === a.tickets.length) fail(`already linked: ${already.join(', ')}`);
    },

    async linkTickets(a) {
      const incident = openIncident();
      if (!incident) return;
      const reason = a.reason?.trim() || 'linked by staff';
      for (const number of [...new Set(a.tickets)]) {
        if (incident.linked.some((l) => l.number === number && l.status === 'linked')) continue;
        await link(number, a.actor, reason);
      }
    },

    checkLinkTo(a) {
      const { state } = core;
      if (a.majorIncident === state.number) fail('a ticket cannot be linked to itself');
      if (state.majorIncident) fail(`${state.number} is a major incident itself`);
      if (TERMINAL_STATUSES.has(state.status)) fail(`${state.number} is ${state.status}`);
      if (state.affectedBy) fail(`${state.number} is already linked to the major incident ${state.affectedBy.number}`);
    },

    async linkTo(a) {
      const reason = a.reason?.trim() || 'linked by staff';
      core.record(a.actor, 'link-requested', { reason, detail: { majorIncident: a.majorIncident } });
      const refusal = await signalTicket(a.majorIncident, mi.majorIncidentLinkRequestedSignal, { ticket: core.state.number, reason, by: a.actor });
      if (refusal) core.record(SYSTEM, 'link-refused', { reason: refusal, detail: { majorIncident: a.majorIncident } });
    },

    checkBroadcast() {
      if (!openIncident()) fail(`${core.state.number} is not an open major incident`);
    },

    async broadcast(a) {
      const incident = openIncident();
      if (!incident) return;
      const targets = incident.linked.filter((l) => l.status === 'linked').map((l) => l.number);
      const entry: MajorIncidentBroadcast = { id: incident.broadcasts.length + 1, at: iso(Date.now()), by: a.actor, message: a.message, sentTo: [] };
      incident.broadcasts.push(entry);
      // The major incident's own requester is affected too: the update goes to them as a reply.
      const comment = deps.addComment(a.actor, a.message, 'public');
      deps.requester.notify('comment', `comment-${comment.id}`, comment.id);
      await core.refreshClocks([...deps.meetResponseEvents(), ...communicationRestart()]);
      // All signals are issued in one go (in the order of the list), then awaited together.
      const refusals = await Promise.all(
        targets.map((number) => signalTicket(number, mi.majorIncidentBroadcastSignal, { majorIncident: core.state.number, broadcastId: entry.id, message: a.message, by: a.actor })),
      );
      targets.forEach((number, i) => {
        if (!refusals[i]) entry.sentTo.push(number);
      });
      const undelivered = targets.filter((_, i) => refusals[i]);
      core.record(a.actor, 'broadcast', {
        reason: `update ${entry.id} to ${entry.sentTo.length} affected ticket(s)`,
        detail: { broadcast: entry.id, tickets: entry.sentTo, ...(undelivered.length ? { undelivered } : {}) },
      });
    },

    async afterResolve() {
      const { state } = core;
      const incident = openIncident();
      if (!incident || state.status !== 'resolved' || !state.resolution) return;
      incident.status = 'resolved';
      incident.resolvedAt = state.resolution.at;
      publishIncident('resolved');
      const targets = incident.linked.filter((l) => l.status === 'linked').map((l) => l.number);
      const refusals = await Promise.all(
        targets.map((number) => signalTicket(number, mi.majorIncidentResolvedSignal, { majorIncident: state.number, note: state.resolution!.note, by: state.resolution!.by })),
      );
      core.record(state.resolution.by, 'resolve-linked', {
        reason: `the major incident resolves the ${targets.length} ticket(s) it affects`,
        detail: { tickets: targets.filter((_, i) => !refusals[i]), undelivered: targets.filter((_, i) => refusals[i]) },
      });
      await tellHeads('resolved');
    },

    async declareByRule() {
      const rule = core.state.plan.declareMajorIncident;
      if (!rule || !OPEN.includes(core.state.status) || core.state.majorIncident) return;
      await flow.declare({ actor: SYSTEM, reason: rule.reason, keywords: rule.keywords }, rule.rule);
    },

    async linkIfWordsMatch() {
      const { state } = core;
      if (state.majorIncident || state.affectedBy || !OPEN.includes(state.status)) return;
      let match: Awaited<ReturnType<MajorIncidentActivities['findMajorIncidentFor']>>;
      try {
        match = await majorIncidentLookup.findMajorIncidentFor.executeWithOptions({ summary: 'find the open major incident this mail names' }, [
          { ticketNumber: state.number, title: state.intake.title, description: state.intake.description },
        ]);
      } catch (err) {
        core.record(SYSTEM, 'major-incident-lookup-skipped', { reason: (err as Error).message });
        return;
      }
      if (!match) return;
      const reason = `the mail names ${match.keywords.map((k) => `'${k}'`).join(', ')} of the major incident ${match.number}`;
      core.record(SYSTEM, 'link-requested', { reason, detail: { majorIncident: match.number } });
      const refusal = await signalTicket(match.number, mi.majorIncidentLinkRequestedSignal, { ticket: state.number, reason, by: SYSTEM });
      if (refusal) core.record(SYSTEM, 'link-refused', { reason: refusal, detail: { majorIncident: match.number } });
    },

    checkEnding(action) {
      if (openIncident()) fail(`cannot ${action} an open major incident: resolve it, and the tickets it affects are resolved with it`);
    },

    holdsCommunicationClock: () => Boolean(openIncident()),

    registerSignals() {
      const inTurn = (fn: () => Promise<void>) =>
        deps.serially(async () => {
          await deps.whenOpened();
          await fn();
          deps.changed();
        });

      // On the major incident: a ticket asks to be linked.
      setHandler(mi.majorIncidentLinkRequestedSignal, (r) =>
        inTurn(async () => {
          if (!openIncident()) {
            const reason = core.state.majorIncident ? `${core.state.number} is resolved` : `${core.state.number} is not a major incident`;
            await signalTicket(r.ticket, mi.majorIncidentLinkRefusedSignal, { majorIncident: core.state.number, ticket: r.ticket, reason });
            return;
          }
          if (r.ticket === core.state.number || openIncident()!.linked.some((l) => l.number === r.ticket && l.status === 'linked')) return;
          await link(r.ticket, r.by, r.reason);
        }),
      );

      // On the major incident: a ticket it linked does not take the link.
      setHandler(mi.majorIncidentLinkDeclinedSignal, (r) =>
        inTurn(async () => {
          const entry = core.state.majorIncident?.linked.find((l) => l.number === r.ticket && l.status === 'linked');
          if (!entry) return;
          entry.status = 'refused';
          entry.refusal = r.reason;
          core.record(SYSTEM, 'link-refused', { reason: r.reason, detail: { ticket: r.ticket } });
        }),
      );

      // On a ticket that asked: the major incident refused.
      setHandler(mi.majorIncidentLinkRefusedSignal, (r) =>
        inTurn(async () => {
          core.record(SYSTEM, 'link-refused', { reason: r.reason, detail: { majorIncident: r.majorIncident } });
        }),
      );

      // On an affected ticket: linked.
      setHandler(mi.majorIncidentLinkedSignal, (l) =>
        inTurn(async () => {
          const { state } = core;
          if (state.affectedBy?.number === l.majorIncident) return; // delivered twice
          const refusal = TERMINAL_STATUSES.has(state.status)
            ? `${state.number} is ${state.status}`
            : state.majorIncident
              ? `${state.number} is a major incident itself`
              : state.affectedBy
                ? `${state.number} is already linked to the major incident ${state.affectedBy.number}`
                : null;
          if (refusal) {
            core.record(SYSTEM, 'link-refused', { reason: refusal, detail: { majorIncident: l.majorIncident } });
            await signalTicket(l.majorIncident, mi.majorIncidentLinkDeclinedSignal, { majorIncident: l.majorIncident, ticket: state.number, reason: refusal });
            return;
          }
          state.affectedBy = { number: l.majorIncident, title: l.title, linkedAt: iso(Date.now()), reason: l.reason, broadcastsReceived: [] };
          core.record(l.by, 'link-major-incident', { reason: l.reason, detail: { majorIncident: l.majorIncident } });
          upsertSearchAttributes([{ key: TicketSearch.majorIncident, value: l.majorIncident }]);
          // Linked after updates went out: the requester hears the latest one at once.
          if (l.latest) await receiveUpdate({ majorIncident: l.majorIncident, ...l.latest });
        }),
      );

      // On an affected ticket: an update for its requester, once per broadcast.
      setHandler(mi.majorIncidentBroadcastSignal, (b) => inTurn(() => receiveUpdate(b)));

      // On an affected ticket: the major incident is resolved.
      setHandler(mi.majorIncidentResolvedSignal, (r) =>
        inTurn(async () => {
          const { state } = core;
          const link = state.affectedBy;
          if (!link || link.number !== r.majorIncident || link.resolvedAt) return;
          link.resolvedAt = iso(Date.now());
          if (!OPEN.includes(state.status)) {
            core.record(SYSTEM, 'major-incident-resolved', { reason: `the major incident ${r.majorIncident} is resolved; this ticket was already ${state.status}` });
            return;
          }
          core.record(SYSTEM, 'major-incident-resolved', { reason: `resolved with the major incident ${r.majorIncident}` });
          await deps.resolveTicket(r.by, r.note, `major-incident:${r.majorIncident}`);
        }),
      );
    },
  };
  return flow;
}
