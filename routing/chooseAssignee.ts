// Who in a group takes a ticket now: members away (absence days, outside their working calendar)
// are skipped, then the group's strategy from routing.yaml picks. Pure; an activity feeds it counts.
import type { LoadedConfig } from '../config/load';
import type { Person } from '../config/schema/groups';
import { pickAssignee, type AssignableMember } from './assign';
import type { AssignmentStrategy } from './schema';
import { parseCivilDate } from '../sla/civilDate';
import { calendarLookup } from '../sla/calendarLookup';
import { localDayAt } from '../sla/zonedTime';
import { ownValue } from '../config/lookup';
import type { Seniority } from '../config/schema/groups';
import { seniorityOf, seniorityOrder, wantedSeniority } from './dispatch';

export type AssignmentConfig = Pick<LoadedConfig, 'groups' | 'calendars' | 'routing' | 'sla'>;

export class UnknownAssignmentGroupError extends Error {
  readonly type = 'UnknownAssignmentGroup';
  constructor(groupId: string, known: string[]) {
    super(`unknown group '${groupId}' (known: ${known.join(', ')})`);
    this.name = 'UnknownAssignmentGroupError';
  }
}

export class InvalidTicketNumberError extends Error {
  readonly type = 'InvalidTicketNumber';
  constructor(ticketNumber: string) {
    super(`'${ticketNumber}' is not a ticket number such as IT-000123`);
    this.name = 'InvalidTicketNumberError';
  }
}

export type MemberAvailability = AssignableMember & {
  /** Why the member takes no ticket at this instant; absent when available. */
  awayBecause?: string;
};

export interface AssigneeDecision {
  assignee: string | null;
  /** null when routing.yaml has no assignment section for the group: the ticket waits in its queue. */
  strategy: AssignmentStrategy | null;
  why: string;
  /** Set when routing.yaml's dispatch table applied: the seniority it asked for and the one that took the ticket. */
  dispatch?: { priority: string; wanted: Seniority; used: Seniority | null };
}

export interface ChooseAssigneeInput {
  groupId: string;
  skills: readonly string[];
  /** e.g. IT-000123; its sequence number drives round-robin. */
  ticketNumber: string;
  /** Open tickets per member id (only read by fewest-open and skills). */
  openCounts: Readonly<Record<string, number>>;
  at: Date;
  /** The ticket's priority, for the dispatch table; absent from callers that predate it. */
  priority?: string;
}

/** Strategies that compare workloads: only for these is it worth counting open tickets. */
export function needsOpenCounts(strategy: AssignmentStrategy): boolean {
  return strategy === 'fewest-open' || strategy === 'skills';
}

/** The members routing.yaml lists for the group, in turn order, each marked available or not at `at`. */
export function availableMembers(config: AssignmentConfig, groupId: string, at: Date): MemberAvailability[] {
  const group = ownValue(config.groups.groups, groupId);
  if (!group) throw new UnknownAssignmentGroupError(groupId, Object.keys(config.groups.groups));
  const assignment = ownValue(config.routing.assignment, groupId);
  if (!assignment) return [];
  const calendars = calendarLookup(config.calendars);
  return assignment.members.map(({ id, skills }) => {
    const person = group.members.find((m) => m.id === id);
    const awayBecause = person ? awayReason(config, person, at, calendars) : undefined;
    return awayBecause ? { id, skills, available: false, awayBecause } : { id, skills, available: true };
  });
}

function awayReason(
  config: AssignmentConfig,
  person: Person,
  at: Date,
  calendars: ReturnType<typeof calendarLookup>,
): string | undefined {
  const today = localDayAt(absenceTimeZone(config, person), at.getTime());
  const absence = (person.absences ?? []).find((a) => parseCivilDate(a.from)! <= today && today <= parseCivilDate(a.to)!);
  if (absence) return `away ${absence.from} to ${absence.to}${absence.reason ? ` (${absence.reason})` : ''}`;
  if (person.calendar && !calendars(person.calendar).isWorking(at)) return `outside working hours of ${person.calendar}`;
  return undefined;
}

// Absence days are local dates, so they need a zone. A member without a calendar works around
// the clock but still takes leave on office dates: the desk's quiet-hours calendar is the one
// config place that names the office's zone; UTC only when even that is missing.
function absenceTimeZone(config: AssignmentConfig, person: Person): string {
  const calendarId = person.calendar ?? config.sla.quietHoursCalendar;
  return (calendarId && ownValue(config.calendars.calendars, calendarId)?.timezone) || 'UTC';
}

/** The sequence of IT-000123 is 123. */
export function ticketSequence(ticketNumber: string): number {
  const match = /^[A-Z]+-(\d+)$/.exec(ticketNumber);
  if (!match) throw new InvalidTicketNumberError(ticketNumber);
  return Number(match[1]);
}

export function chooseAssignee(config: AssignmentConfig, input: ChooseAssigneeInput): AssigneeDecision {
  const members = availableMembers(config, input.groupId, input.at);
  const assignment = ownValue(config.routing.assignment, input.groupId);
  if (!assignment)
    return { assignee: null, strategy: null, why: `group '${input.groupId}' has no assignment section in routing.yaml: the ticket waits in the group queue` };
  const wanted = wantedSeniority(config.routing.dispatch, input.priority);
  if (!wanted) return chooseAmong(members, assignment.strategy, input);
  // The dispatch table: the wanted seniority first, then the nearest others (assignment/dispatch.ts).
  const people = ownValue(config.groups.groups, input.groupId)?.members ?? [];
  const dispatch = { priority: input.priority!, wanted };
  const passedOver: string[] = [];
  for (const seniority of seniorityOrder(wanted)) {
    const candidates = members.filter((m) => seniorityOf(people, m.id) === seniority);
    const decision = candidates.some((m) => m.available) ? chooseAmong(candidates, assignment.strategy, input) : undefined;
    if (decision?.assignee) {
      const fellBack = passedOver.length ? `${passedOver.join('; ')}; fell back to ${seniority}: ` : '';
      return { ...decision, why: `dispatch ${input.priority} → ${wanted}: ${fellBack}${decision.why}`, dispatch: { ...dispatch, used: seniority } };
    }
    const away = candidates.filter((m) => !m.available).map((m) => m.id);
    passedOver.push(
      decision ? `no ${seniority} engineer can take it (${decision.why})`
      : away.length ? `no ${seniority} engineer available (${away.join(', ')} away)`
      : `no ${seniority} engineer in '${input.groupId}'`,
    );
  }
  return {
    assignee: null,
    strategy: assignment.strategy,
    why: `dispatch ${input.priority} → ${wanted}: ${passedOver.join('; ')}${describeAway(members)}`,
    dispatch: { ...dispatch, used: null },
  };
}

/** The group's strategy among these members (some may be away). */
function chooseAmong(members: readonly MemberAvailability[], strategy: AssignmentStrategy, input: ChooseAssigneeInput): AssigneeDecision {
  const awayNote = describeAway(members);
  const present = members.filter((m) => m.available);

  if (strategy === 'round-robin') {
    if (present.length === 0) return { assignee: null, strategy, why: `no member of '${input.groupId}' is available${awayNote}` };
    // Stateless turn-taking: ticket numbers are sequential and durable, so "number mod how many
    // are in" rotates through the present members without a shared cursor that concurrent
    // tickets would race on, and a replay of the same ticket gives the same answer.
    const sequence = ticketSequence(input.ticketNumber);
    const turn = sequence % present.length;
    const previous = present[(turn + present.length - 1) % present.length];
    const choice = pickAssignee({ strategy, members: present }, { lastAssigned: previous.id, openCounts: {} }, []);
    return {
      assignee: choice.assignee,
      strategy,
      why: `round-robin: ticket ${input.ticketNumber} is turn ${sequence} mod ${present.length} = ${turn} among ${present.map((m) => m.id).join(', ')} → ${choice.assignee}${awayNote}`,
    };
  }
  const choice = pickAssignee({ strategy, members }, { openCounts: input.openCounts }, input.skills);
  return { assignee: choice.assignee, strategy, why: `${choice.why}${awayNote}` };
}

function describeAway(members: readonly MemberAvailability[]): string {
  const away = members.filter((m) => m.awayBecause);
  return away.length ? ` (not available: ${away.map((m) => `${m.id} ${m.awayBecause}`).join('; ')})` : '';
}
