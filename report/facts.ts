// What a report needs to know about one ticket, taken once from its view (timeline, clock
// ledgers, resolution, satisfaction). Small enough to keep beside the archived ticket and read by
// the hundred thousand; pure, so every figure can be tested from tickets with known histories.
import type { ClockLedger } from '../sla/clock';
import { STATUSES, type TicketStatus } from '../ticket/lifecycle';
import type { SatisfactionRating, TicketView } from '../ticket/state';

/** Bump when the facts' shape or meaning changes: the store recomputes older rows at start. */
export const FACTS_VERSION = 4; // 4: arrival clock, and what met a clock (issue #12)

export interface ClockFacts {
  targetSeconds: number;
  /** Business seconds consumed: up to the met instant for a met clock. */
  consumedSeconds: number;
  /** When the clock was (last) met; null if never met. */
  metAt: number | null;
  /** When the target was passed (the workflow's 100 % level); null if never or since undone. */
  breachedAt: number | null;
  breached: boolean;
  /** What met the clock when not the ordinary event: 'workaround', 'containment', 'confirmation', 'auto-close'. */
  metBy: string | null;
}

export interface TicketFacts {
  v: number;
  number: string;
  title: string;
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
  /** The on-site arrival clock of the last visit with one (issue #12); null if none was booked. */
  arrival: ClockFacts | null;
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
    metBy: ledger.metBy ?? null,
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
    arrival: clockFacts(view.clocks.find((c) => c.name === 'arrival')),
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

// ---- storage --------------------------------------------------------------------------------
// Stored as a positional JSON array with instants as milliseconds after the opening and statuses
// as their index: a third of the object's bytes, and reading and parsing 100 000 of them is most
// of a report's time. The order below is the format; FACTS_VERSION changes with it.

type Rel = number; // ms after createdAt
// metBy is written only when set, so the common clock costs no more bytes than before.
type StoredClock = [number, number, Rel | null, Rel | null, 0 | 1] | [number, number, Rel | null, Rel | null, 0 | 1, string];
type Stored = [
  number, string, string, string, string, string, string | null, number, number, Array<[Rel, number]>,
  Rel[], Rel[], Rel | null, TicketFacts['closedBy'], StoredClock | null, StoredClock | null, 0 | 1, 0 | 1,
  string | null, string | null, string | null, string | null, 0 | 1, [SatisfactionRating, Rel, string | null] | null, Rel,
  StoredClock | null,
];

export function encodeFacts(f: TicketFacts): string {
  const rel = (t: number) => t - f.createdAt;
  const relOrNull = (t: number | null) => (t === null ? null : t - f.createdAt);
  const clock = (c: ClockFacts | null): StoredClock | null => {
    if (!c) return null;
    const stored: StoredClock = [c.targetSeconds, c.consumedSeconds, relOrNull(c.metAt), relOrNull(c.breachedAt), c.breached ? 1 : 0];
    return c.metBy ? [...stored, c.metBy] : stored;
  };
  const stored: Stored = [
    f.v, f.number, f.title, f.channel, f.category, f.priority, f.assignee, f.createdAt, STATUSES.indexOf(f.status), f.transitions.map(([t, st]) => [rel(t), STATUSES.indexOf(st)]),
    f.resolvedAts.map(rel), f.reopenedAts.map(rel), relOrNull(f.closedAt), f.closedBy, clock(f.response), clock(f.resolution), f.groupChanged ? 1 : 0, f.pended ? 1 : 0,
    f.firstResponder, f.resolver, f.resolutionCode, f.kbArticle, f.selfServed ? 1 : 0,
    f.satisfaction ? [f.satisfaction.rating, rel(f.satisfaction.at), f.satisfaction.comment] : null, rel(f.lastEventAt),
    clock(f.arrival),
  ];
  return JSON.stringify(stored);
}

// Module-level helpers and plain loops: decoding runs 100 000 times per report.
function absolute(at: number, t: Rel | null): number | null {
  return t === null ? null : at + t;
}
function decodeClock(at: number, c: StoredClock | null): ClockFacts | null {
  return c ? { targetSeconds: c[0], consumedSeconds: c[1], metAt: absolute(at, c[2]), breachedAt: absolute(at, c[3]), breached: c[4] === 1, metBy: c[5] ?? null } : null;
}
function absoluteAll(at: number, list: Rel[]): number[] {
  const out = new Array<number>(list.length);
  for (let i = 0; i < list.length; i++) out[i] = at + list[i];
  return out;
}

/** `group` is stored in its own column (reports filter on it). */
export function decodeFacts(json: string, group: string): TicketFacts {
  const s = JSON.parse(json) as Stored;
  const at = s[7];
  const stored = s[9];
  const transitions = new Array<[number, TicketStatus]>(stored.length);
  for (let i = 0; i < stored.length; i++) transitions[i] = [at + stored[i][0], STATUSES[stored[i][1]]];
  const rating = s[23];
  return {
    v: s[0], number: s[1], title: s[2], channel: s[3], category: s[4], priority: s[5], group, assignee: s[6], createdAt: at, status: STATUSES[s[8]],
    transitions, resolvedAts: absoluteAll(at, s[10]), reopenedAts: absoluteAll(at, s[11]),
    closedAt: absolute(at, s[12]), closedBy: s[13], response: decodeClock(at, s[14]), resolution: decodeClock(at, s[15]), groupChanged: s[16] === 1, pended: s[17] === 1,
    firstResponder: s[18], resolver: s[19], resolutionCode: s[20], kbArticle: s[21], selfServed: s[22] === 1,
    satisfaction: rating ? { rating: rating[0], at: at + rating[1], comment: rating[2] } : null, lastEventAt: at + s[24],
    arrival: decodeClock(at, s[25] ?? null),
  };
}
