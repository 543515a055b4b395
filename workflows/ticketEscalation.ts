// The ticket's SLA escalations: each level of a clock's ladder fires once per clock episode
// (sla.yaml levels): the roles it names are told, a breach is recorded, and the level's actions
// run — watchers added, the priority raised, the ticket handed to another group or tier.
// Workflow code only: notices go out by activity.
import type { EscalationActions } from '../ticket/state';
import { iso, SYSTEM, type TicketCore } from './ticketCore';
import { notices } from './ticketProxies';
import type { TicketTeam } from './ticketTeam';
import type { TicketWatchers } from './ticketWatchers';
import { levelSpecsOf } from './ticketVisits';

export interface EscalationDeps {
  watchers: Pick<TicketWatchers, 'addFromLevel'>;
  team: Pick<TicketTeam, 'escalateTierByLevel'>;
  replan(change: { priority?: string }): Promise<void>;
  autoAssign(): Promise<void>;
}

export function escalationFlow(core: TicketCore, deps: EscalationDeps) {
  return { fireDueLevels };

  /** Fires the levels whose time has come, each once per clock episode, then re-plans the schedule. */
  async function fireDueLevels(): Promise<void> {
    const now = Date.now();
    const due = core.state.schedule.filter((s) => Date.parse(s.fireAt) <= now);
    if (!due.length) return;
    for (const entry of due) {
      const ledger = core.state.clocks.find((c) => c.name === entry.clock);
      if (!ledger || ledger.episode !== entry.episode || ledger.firedLevels.some((f) => f.level === entry.level)) continue;
      // Mark before acting: a level fires once per clock episode, whatever happens next.
      ledger.firedLevels.push({ level: entry.level, at: iso(now) });
      const spec = levelSpecsOf(core.state.plan, entry.clock).find((l) => l.key === entry.level);
      if (spec?.atPercent === 100) ledger.breachedAt = entry.thresholdAt;
      const notified = spec?.notify.length
        ? await core.staffNotice(`${entry.clock} ${entry.level}`, () =>
            notices.sendEscalationNotice.executeWithOptions(
              { summary: `${entry.clock} ${entry.level}: notify ${spec.notify.join(', ')}` },
              [{ ticket: core.view(), clock: entry.clock, level: entry.level, episode: entry.episode, thresholdAt: entry.thresholdAt, notify: spec.notify }],
            ),
          )
        : [];
      core.state.escalations.push({ clock: entry.clock, level: entry.level, episode: entry.episode, at: iso(now), notified });
      core.record(SYSTEM, spec?.atPercent === 100 ? 'breach' : 'escalate', {
        detail: { clock: entry.clock, level: entry.level, notified },
      });
      if (spec) await escalationActions(spec, `${entry.clock} ${entry.level}`);
    }
    await core.refreshClocks([]);
  }

  /** What a level does besides notifying: add watchers, raise the priority, hand to another group. */
  async function escalationActions(spec: EscalationActions, why: string): Promise<void> {
    if (spec.addWatchers?.length) {
      core.state.plan.watchers = [...new Set([...core.state.plan.watchers, ...spec.addWatchers])];
      core.record(SYSTEM, 'watch', { reason: why, detail: { watchers: spec.addWatchers } });
    }
    deps.watchers.addFromLevel(spec, why);
    const rank = Number(core.state.priority.slice(1));
    if (spec.raisePriority && rank > 1) {
      const from = core.state.priority;
      await deps.replan({ priority: `P${rank - 1}` });
      core.record(SYSTEM, 'changePriority', { reason: why, detail: { from, to: core.state.priority } });
    }
    if (spec.reassignTo && spec.reassignTo !== core.state.group) {
      const previous = { group: core.state.group, assignee: core.state.assignee };
      core.state.group = spec.reassignTo;
      core.state.assignee = null;
      if (core.state.status === 'assigned') core.state.status = 'new';
      core.record(SYSTEM, 'reassign', { reason: why, detail: { fromGroup: previous.group, toGroup: core.state.group, previousAssignee: previous.assignee } });
      await deps.autoAssign();
    }
    if (spec.escalateTier) await deps.team.escalateTierByLevel(why);
  }
}
