// What a report needs to know about one ticket, taken once from its view (timeline, clock
// ledgers, resolution, satisfaction). Small enough to keep beside the archived ticket and read by
// the hundred thousand; pure, so every figure can be tested from tickets with known histories.
import type { ClockLedger } from '../sla/clock';
import type { TicketStatus } from '../ticket/lifecycle';
import type { SatisfactionRating, TicketView } from '../ticket/state';

/** Bump when the facts' shape or meaning changes: the store recomputes older rows at start. */
export const FACTS_VERSION = 1;

export interface ClockFacts {
  targetSeconds: number;
  /** Business seconds consumed: up to the met instant for a met clock. */
  consumedSeconds: number;
  /** When the clock was (last) met; null if never met. */
  metAt: number | null;
  /** When the target was passed (the workflow's 100 % level); null if never or since undone. */
  breachedAt: number | null;
  breached: boolean;
}

export interface TicketFacts {
  v: number;
  number: string;
  title: string;
  requester: string;
  channel: string;
  category: string;
  priority: string;
  group: string;
  assignee: string | null;
  createdAt: number;
  status: TicketStatus;
  /** Every status change, oldest first: [epoch ms, status after]. */
  transitions: Array<[number, TicketStatus]>;
  resolvedAts: number[];
  reopenedAts: number[];
  closedAt: number | null;
  closedBy: 'requester' | 'timeout' | 'agent-on-behalf' | null;
  response: ClockFacts | null;
  resolution: ClockFacts | null;
  /** Left its first group (rerouted, reassigned by an escalation or an agent). */
  groupChanged: boolean;
  /** Ever waited on the requester, a vendor or an approval. */
  pended: boolean;
  /** Who first answered (response, public reply, question, resolution); null if nobody yet. */
  firstResponder: string | null;
  /** Who resolved last. */
  resolver: string | null;
  resolutionCode: string | null;
  /** KB-12 when a knowledge article solved it (self-service) or the resolution cites one (code kb:KB-12). */
  kbArticle: string | null;
  selfServed: boolean;
  satisfaction: { rating: SatisfactionRating; at: number; comment: string | null } | null;
  lastEventAt: number;
}

const ms = (iso: string) => Date.parse(iso);

function clockFacts(ledger: ClockLedger | undefined): ClockFacts | null {
  if (!ledger) return null;
  // As the API's clock view: breached once recorded, or once consumption reaches the target.
  const breached = Boolean(ledger.breachedAt) || ledger.consumedSeconds >= ledger.targetSeconds;
  return {
    targetSeconds: ledger.targetSeconds,
    consumedSeconds: ledger.consumedSeconds,
    metAt: ledger.metAt ? ms(ledger.metAt) : null,
    breachedAt: ledger.breachedAt ? ms(ledger.breachedAt) : null,
    breached,
  };
}

const ANSWERS = new Set(['comment', 'respond', 'pend', 'resolve']);
const isStaff = (role: string) => role === 'agent' || role === 'admin';

export function ticketFacts(view: TicketView): TicketFacts {
  const timeline = view.timeline;
  const transitions: Array<[number, TicketStatus]> = [];
  for (const e of timeline) if (e.to && (transitions.length === 0 || transitions.at(-1)![1] !== e.to)) transitions.push([ms(e.at), e.to]);
  if (!transitions.length) transitions.push([ms(view.createdAt), 'new']);
  const resolves = timeline.filter((e) => e.action === 'resolve');
  const code = view.resolution?.code ?? null;
  const article = code ? /^(?:self-service|kb):(KB-\d+)$/.exec(code)?.[1] ?? null : null;
  const selfServed = Boolean(code?.startsWith('self-service:'));
  const firstAnswer = timeline.find((e) => ANSWERS.has(e.action) && (isStaff(e.actor.role) || (e.action === 'resolve' && selfServed)));
  const lastResolve = resolves.at(-1);
  return {
    v: FACTS_VERSION,
    number: view.number,
    title: view.intake.title,
    requester: view.intake.requester.email,
    channel: view.intake.channel,
    category: view.category,
    priority: view.priority,
    group: view.group,
    assignee: view.assignee,
    createdAt: ms(view.createdAt),
    status: view.status,
    transitions,
    resolvedAts: resolves.map((e) => ms(e.at)),
    reopenedAts: timeline.filter((e) => e.action === 'reopen').map((e) => ms(e.at)),
    closedAt: view.closedAt ? ms(view.closedAt) : null,
    closedBy: view.closedBy ?? null,
    response: clockFacts(view.clocks.find((c) => c.name === 'response')),
    resolution: clockFacts(view.clocks.find((c) => c.name === 'resolution')),
    groupChanged: timeline.some((e) => e.action === 'reassign' || e.action === 'reroute'),
    pended: timeline.some((e) => e.action === 'pend'),
    firstResponder: firstAnswer ? firstAnswer.actor.id : null,
    resolver: lastResolve ? lastResolve.actor.id : null,
    resolutionCode: code,
    kbArticle: article,
    selfServed,
    satisfaction: view.satisfaction ? { rating: view.satisfaction.rating, at: ms(view.satisfaction.at), comment: view.satisfaction.comment ?? null } : null,
    lastEventAt: Math.max(ms(view.updatedAt), ...timeline.map((e) => ms(e.at))),
  };
}
