// Turns validated routing rules into ready-to-run matchers once, at config load, so routing a
// ticket never builds a RegExp or folds an admin's keyword again.
import { compilePattern } from './pattern';
import {
  SEARCHABLE_FIELDS,
  type Priority,
  type RoutableTicket,
  type RoutingFallback,
  type RoutingRule,
  type RoutingRules,
  type RuleActions,
  type RuleConditions,
  type SearchableField,
} from './schema';
import { foldText } from './text';

/** Attributes a rule can compare against, folded like keywords. */
export type TicketAttribute = 'channel' | 'mailbox' | 'department' | 'location' | 'affectedSystem';

/** One ticket as the matchers read it: texts folded once per ticket, not once per rule. */
export type TicketView = {
  ticket: RoutableTicket;
  text: Record<SearchableField, string>;
  attributes: Record<TicketAttribute, string | undefined>;
  /** The category so far: the ticket's own, or the one an earlier `continue` rule set. */
  category: string | undefined;
  isWorking(calendarId: string): boolean;
  /** The priority as resolved from what the rules have decided so far. */
  priorityNow(): Priority;
};

export type ConditionOutcome = { ok: boolean; why: string };
export type CompiledCondition = (view: TicketView) => ConditionOutcome;

export type CompiledRule = {
  name: string;
  continue: boolean;
  actions: RuleActions;
  conditions: CompiledCondition[];
};

export type CompiledRules = { rules: CompiledRule[]; fallback: RoutingFallback };

/** The product's default landing place (DESIGN.md): unclassified tickets go to the L1 service desk. */
export const DEFAULT_FALLBACK: RoutingFallback = { category: 'other', group: 'service-desk' };

export function compileRules(rules: RoutingRules, fallback: RoutingFallback = DEFAULT_FALLBACK): CompiledRules {
  return { rules: rules.map(compileRule), fallback };
}

function compileRule(rule: RoutingRule): CompiledRule {
  return {
    name: rule.name,
    continue: rule.continue === true,
    actions: rule.then ?? {},
    conditions: compileConditions(rule.when ?? {}),
  };
}

function compileConditions(when: RuleConditions): CompiledCondition[] {
  const fields = when.fields ?? [...SEARCHABLE_FIELDS];
  const conditions: CompiledCondition[] = [];
  if (when.category !== undefined) conditions.push(categoryIs(asList(when.category)));
  if (when.keywords !== undefined) conditions.push(containsKeyword(when.keywords, fields));
  if (when.regex !== undefined) conditions.push(matchesRegex(when.regex, fields));
  if (when.channel !== undefined) conditions.push(attributeIs('channel', 'channel', asList(when.channel)));
  if (when.mailbox !== undefined) conditions.push(attributeIs('mailbox', 'mailbox', asList(when.mailbox)));
  const requester = when.requester ?? {};
  if (requester.department !== undefined)
    conditions.push(attributeIs('department', 'requester department', asList(requester.department)));
  if (requester.location !== undefined)
    conditions.push(attributeIs('location', 'requester location', asList(requester.location)));
  if (requester.vip !== undefined) conditions.push(requesterVipIs(requester.vip));
  if (when.affectedSystem !== undefined)
    conditions.push(attributeIs('affectedSystem', 'affected system', asList(when.affectedSystem)));
  if (when.timeOfDay !== undefined) conditions.push(receivedWithin(when.timeOfDay.calendar, when.timeOfDay.within));
  if (when.priority !== undefined) conditions.push(priorityIs(asList(when.priority)));
  return conditions;
}

function asList<T>(value: T | T[]): T[] {
  return Array.isArray(value) ? value : [value];
}

function quoteAll(values: readonly string[]): string {
  return values.map((v) => `'${v}'`).join(', ');
}

function categoryIs(wanted: string[]): CompiledCondition {
  const accepted = new Set(wanted);
  const list = wanted.join(' or ');
  return (view) => {
    if (view.category === undefined) return { ok: false, why: `no category yet (wants ${list})` };
    if (accepted.has(view.category)) return { ok: true, why: `category is ${view.category}` };
    return { ok: false, why: `category is ${view.category}, not ${list}` };
  };
}

function containsKeyword(keywords: string[], fields: SearchableField[]): CompiledCondition {
  const folded = keywords.map((keyword) => ({ keyword, needle: foldText(keyword) }));
  const failure = { ok: false, why: `no keyword of ${quoteAll(keywords)} in ${fields.join(' or ')}` };
  return (view) => {
    for (const field of fields) {
      const text = view.text[field];
      for (const { keyword, needle } of folded) {
        if (text.includes(needle)) return { ok: true, why: `keyword '${keyword}' in ${field}` };
      }
    }
    return failure;
  };
}

function matchesRegex(source: string, fields: SearchableField[]): CompiledCondition {
  const regex = compilePattern(source);
  const failure = { ok: false, why: `regex /${source}/ not found in ${fields.join(' or ')}` };
  return (view) => {
    for (const field of fields) {
      const hit = regex.exec(view.text[field]);
      if (hit) return { ok: true, why: `regex /${source}/ matched '${hit[0]}' in ${field}` };
    }
    return failure;
  };
}

function attributeIs(attribute: TicketAttribute, label: string, wanted: string[]): CompiledCondition {
  const accepted = new Set(wanted.map(foldText));
  const list = quoteAll(wanted);
  return (view) => {
    const actual = view.attributes[attribute];
    if (actual === undefined) return { ok: false, why: `no ${label} (wants ${list})` };
    if (accepted.has(actual)) return { ok: true, why: `${label} is '${actual}'` };
    return { ok: false, why: `${label} is '${actual}', not ${list}` };
  };
}

function requesterVipIs(wantVip: boolean): CompiledCondition {
  const yes = { ok: true, why: wantVip ? 'requester is VIP' : 'requester is not VIP' };
  const no = { ok: false, why: wantVip ? 'requester is not VIP' : 'requester is VIP' };
  return (view) => ((view.ticket.requester.vip === true) === wantVip ? yes : no);
}

function priorityIs(wanted: Priority[]): CompiledCondition {
  const accepted = new Set<Priority>(wanted);
  const list = wanted.join(' or ');
  return (view) => {
    const priority = view.priorityNow();
    return accepted.has(priority) ? { ok: true, why: `priority is ${priority}` } : { ok: false, why: `priority is ${priority}, not ${list}` };
  };
}

function receivedWithin(calendar: string, within: 'working' | 'outside'): CompiledCondition {
  const inside = `received in working time of calendar '${calendar}'`;
  const outside = `received outside working time of calendar '${calendar}'`;
  return (view) => {
    const working = view.isWorking(calendar);
    return { ok: working === (within === 'working'), why: working ? inside : outside };
  };
}
