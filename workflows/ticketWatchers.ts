// Watchers of a ticket (issue #12): who follows it, and their mail — a copy of each public
// update they subscribe to, threaded in the ticket's mail thread. A queue in the ticket's state
// and one loop that sends it, like the requester's notices (requesterNotices.ts).
//
// Determinism: mail goes to `state.watchers` only. Executions with the service model fill it
// from the routing rules and escalation levels; every execution fills it through the
// addWatcher action (a new update: old histories never hold one). So a history recorded before
// watchers existed has none and replays without a watcher command.
import { condition } from '@temporalio/workflow';
import type { WatcherMailInput } from '../activities/watcherMail';
import { DEFAULT_WATCH_UPDATES } from '../config/schema/valueSets';
import { normaliseAddress } from '../mail/address';
import { TERMINAL_STATUSES } from '../ticket/lifecycle';
import type { Actor, EscalationActions, RequesterNotice, Watcher, WatcherNotice, WatcherNoticeKind, WatcherSpec } from '../ticket/state';
import { milestoneSnapshot } from './requesterNotices';
import { MAX_WATCHERS, recipientsOf, sameWatcher, watcherKindOf } from '../ticket/watchers';
import type { AddWatcherArgs, RemoveWatcherArgs } from './messages';
import { iso, SYSTEM, type TicketCore } from './ticketCore';
import type { TicketFeatures } from './ticketFeatures';
import { notices } from './ticketProxies';
import { unlessUndeliverable } from './undeliverable';

export interface TicketWatchers {
  /** At opening (service model): the routing rules' watchers, each told they now watch. */
  seedFromPlan(): void;
  /** An escalation level's watchers (service model; older executions only keep plan.watchers). */
  addFromLevel(spec: EscalationActions, why: string): void;
  /** A notice to the requester was queued: the subscribed watchers get their copy. */
  onRequesterNotice(kind: RequesterNotice['kind'], key: string, commentId?: number, milestoneId?: number): void;
  /** An update the requester is not mailed about (their own comment, a cancellation). */
  tell(kind: WatcherNoticeKind, event: string, about?: { commentId?: number; milestoneId?: number; author?: string }): void;
  checkAdd(args: AddWatcherArgs): void;
  add(args: AddWatcherArgs): void;
  checkRemove(args: RemoveWatcherArgs): void;
  remove(args: RemoveWatcherArgs): void;
  /** Whether this address watches the ticket (a watcher's reply is a comment, never a reopening). */
  isWatcher(address: string): boolean;
  /** Sends queued watcher mail one by one; runs for the life of the ticket. */
  deliverForever(): Promise<void>;
  allDelivered(): boolean;
}

/** `inTurn`: the workflow's `serially`, so each send is scheduled in turn with the update handlers. */
export function ticketWatchers(
  core: TicketCore,
  features: Pick<TicketFeatures, 'serviceModel'>,
  inTurn: <T>(step: () => Promise<T>) => Promise<T>,
): TicketWatchers {
  const list = () => core.state.watchers ?? [];
  const find = (who: string) => list().find((w) => sameWatcher(w.who, who));
  const outbox = () => (core.state.watcherMail ??= { pending: [], sent: [] });

  function queue(watcher: Watcher, kind: WatcherNoticeKind, event: string, commentId?: number, milestoneId?: number) {
    const key = `${event}:${watcher.who}`;
    const mail = outbox();
    if (mail.sent.includes(key) || mail.pending.some((n) => n.key === key)) return;
    mail.pending.push({ key, event, kind, who: watcher.who, ...(commentId !== undefined ? { commentId } : {}), ...(milestoneId !== undefined ? { milestoneId } : {}) });
  }

  /** Adds (or re-subscribes) a watcher; answers whether anything changed. */
  function put(spec: WatcherSpec, source: string, addedBy: Actor): boolean {
    const existing = find(spec.who);
    if (existing) {
      if (existing.updates === spec.updates) return false;
      existing.updates = spec.updates;
      core.record(addedBy, 'watch', { reason: source, detail: { watcher: existing.who, updates: spec.updates, changed: true } });
      return true;
    }
    if (list().length >= MAX_WATCHERS) {
      core.record(SYSTEM, 'watch-skipped', { reason: `the ticket has ${MAX_WATCHERS} watchers already`, detail: { watcher: spec.who } });
      return false;
    }
    const watcher: Watcher = { who: spec.who, updates: spec.updates, source, addedBy, addedAt: iso(Date.now()) };
    (core.state.watchers ??= []).push(watcher);
    core.record(addedBy, 'watch', { reason: source, detail: { watcher: watcher.who, updates: watcher.updates } });
    queue(watcher, 'watching', `watching-${core.state.timeline.length}`);
    return true;
  }

  const watchers: TicketWatchers = {
    seedFromPlan() {
      if (!features.serviceModel()) return;
      const { plan } = core.state;
      const named = plan.watch ?? plan.watchers.map((who) => ({ who, updates: DEFAULT_WATCH_UPDATES, rule: 'routing' }));
      for (const w of named) put({ who: w.who, updates: w.updates }, `rule ${w.rule}`, SYSTEM);
    },

    addFromLevel(spec, why) {
      if (!features.serviceModel()) return;
      const named = spec.watch ?? (spec.addWatchers ?? []).map((who) => ({ who, updates: DEFAULT_WATCH_UPDATES }));
      for (const w of named) put(w, why, SYSTEM);
    },

    onRequesterNotice(kind, key, commentId, milestoneId) {
      const copy = watcherKindOf(kind);
      if (copy) watchers.tell(copy, key, { commentId, milestoneId });
    },

    tell(kind, event, about = {}) {
      for (const w of recipientsOf(list(), kind, about.author)) queue(w, kind, event, about.commentId, about.milestoneId);
    },

    checkAdd(args) {
      const { state } = core;
      if (TERMINAL_STATUSES.has(state.status)) throw new Error(`ticket ${state.number} is ${state.status}: nobody can start watching it`);
      const address = normaliseAddress(args.address);
      if (!address) throw new Error('address: not a usable mail address');
      if (address === normaliseAddress(state.intake.requester.email)) throw new Error('the requester gets every update already');
      const existing = find(address);
      if (!existing && list().length >= MAX_WATCHERS) throw new Error(`a ticket has at most ${MAX_WATCHERS} watchers`);
      if (existing && args.actor.role === 'requester' && existing.addedBy.role !== 'requester')
        throw new Error(`${address} already watches this ticket`);
    },

    add(args) {
      const address = normaliseAddress(args.address)!;
      // The contract's default applies to bodies the API parsed; an update sent by other means may omit it.
      put({ who: address, updates: args.updates ?? DEFAULT_WATCH_UPDATES }, args.actor.role === 'requester' ? 'requester' : 'staff', args.actor);
    },

    checkRemove(args) {
      const watcher = find(normaliseAddress(args.address) ?? args.address);
      if (!watcher) throw new Error(`${args.address} does not watch this ticket`);
      // A requester takes back the colleagues they added; who the desk added stays with the desk.
      if (args.actor.role === 'requester' && watcher.addedBy.role !== 'requester') throw new Error(`${watcher.who} was added by the desk; ask the desk to remove them`);
    },

    remove(args) {
      const watcher = find(normaliseAddress(args.address) ?? args.address);
      if (!watcher) return;
      core.state.watchers = list().filter((w) => w !== watcher);
      // What was queued for them and not sent yet is dropped: they asked to hear no more.
      const mail = outbox();
      mail.pending = mail.pending.filter((n, i) => i === 0 || !sameWatcher(n.who, watcher.who));
      core.record(args.actor, 'unwatch', { detail: { watcher: watcher.who } });
    },

    isWatcher: (address) => Boolean(find(address)),

    async deliverForever() {
      for (;;) {
        await condition(() => (core.state?.watcherMail?.pending.length ?? 0) > 0);
        const mail = core.state.watcherMail!;
        const notice = mail.pending[0];
        const send = (watcher: Watcher) =>
          unlessUndeliverable(
            () => notices.sendWatcherMail.executeWithOptions({ summary: `mail watcher ${notice.who}: ${notice.event}` }, [snapshot(core, notice, watcher)]),
            (reason) => {
              core.record(SYSTEM, 'notice-failed', { reason, detail: { notice: notice.event, to: 'watcher', watcher: notice.who } });
              return null;
            },
          );
        // Scheduled in turn with the update handlers, awaited outside; a watcher removed while
        // the copy waited its turn gets nothing.
        const { started } = await inTurn(async () => {
          const watcher = find(notice.who);
          return { started: watcher ? send(watcher) : Promise.resolve(null) };
        });
        const sent = await started;
        mail.pending.shift();
        mail.sent.push(notice.key); // sent, given up for good or dropped: never tried again
        if (sent) await core.store.recordMessageIds({ entries: [{ messageId: sent.messageId, ticketNumber: core.state.number, direction: 'out' }] });
      }
    },

    allDelivered: () => (core.state?.watcherMail?.pending.length ?? 0) === 0,
  };
  return watchers;
}

/** What the watcher's template needs, taken when the mail is sent (as the requester's snapshot). */
function snapshot({ state }: TicketCore, notice: WatcherNotice, watcher: Watcher): WatcherMailInput {
  const comment = notice.commentId !== undefined ? state.comments.find((c) => c.id === notice.commentId && c.visibility === 'public') : undefined;
  const last = (action: string) => [...state.timeline].reverse().find((t) => t.action === action);
  const thread = state.mail;
  return {
    notice,
    watcher: { who: watcher.who, updates: watcher.updates, source: watcher.source },
    ticket: {
      number: state.number,
      title: state.intake.title,
      status: state.status,
      priority: state.priority,
      requesterName: state.intake.requester.name,
      group: state.group,
      assignee: state.assignee,
      ...(comment ? { commentBody: comment.body, ...authorOf(comment.actor, state.intake.requester.email) } : {}),
      ...(notice.kind === 'resolved' && state.resolution ? { resolutionNote: state.resolution.note } : {}),
      ...(notice.kind === 'declined' ? { declineReason: last('decline')?.reason ?? last('reject')?.reason } : {}),
      ...(notice.kind === 'cancelled' ? { cancelReason: last('cancel')?.reason } : {}),
      ...(notice.kind === 'pending' ? { pendingNote: last('pend')?.detail?.note as string | undefined } : {}),
      // The workaround a `workaround` copy is about, as the requester was told of it.
      ...(notice.kind === 'workaround' ? { workaround: milestoneSnapshot(state, notice).workaround } : {}),
      mail: {
        sourceMessageId: thread?.sourceMessageId ?? null,
        references: thread?.references ?? [],
        lastInboundMessageId: thread ? (thread.inboundMessageIds.at(-1) ?? thread.sourceMessageId) : null,
      },
    },
  };
}

/** Who wrote a comment, as a watcher reads it: a requester-role comment from another address came from a watcher's reply. */
function authorOf(actor: Actor, requesterEmail: string): Pick<WatcherMailInput['ticket'], 'commentBy' | 'commentAuthor'> {
  if (actor.role !== 'requester') return { commentBy: 'desk' };
  return sameWatcher(actor.id, requesterEmail) ? { commentBy: 'requester' } : { commentBy: 'watcher', commentAuthor: actor.id };
}
