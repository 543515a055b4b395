// `itdesk route --title … [--from addr]`: routes one imagined ticket under the current config and
// explains it: the decision the desk would take, and for every rule why it matched or did not.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultConfigDir, loadConfigOrThrow } from '../config/load';
import { formatDuration } from '../config/schema/duration';
import { findPerson, type DirectoryPerson } from '../config/schema/directory';
import { RoutableTicketSchema } from '../routing';
import { planTicket, routeIntake, routedIntake } from '../ticket/plan';
import { intakeForRoutable } from './routingIntake';
import { ownValue } from '../config/lookup';
import { approvalChainOf } from '../ticket/approvalChain';
import { nextTier, tierOf } from '../routing/tiers';
import { seniorityOf, seniorityOrder, wantedSeniority } from '../routing/dispatch';
import type { TicketPlan } from '../ticket/state';

const USAGE = `usage: itdesk route --title "…" [--description "…"] [--from mail@addr] [--channel api|mail|phone|im|walk-in]
                    [--mailbox addr] [--category c] [--system name] [--department d] [--location l]
                    [--impact i] [--urgency u] [--priority P1..P4] [--vip] [--at ISO-8601] [--config dir]
                    [--item catalogue-item [--field name=value ...]]`;

export async function route(args: string[], out = console.log): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      options: {
        title: { type: 'string' },
        description: { type: 'string' },
        from: { type: 'string' },
        channel: { type: 'string' },
        mailbox: { type: 'string' },
        category: { type: 'string' },
        system: { type: 'string' },
        department: { type: 'string' },
        location: { type: 'string' },
        impact: { type: 'string' },
        urgency: { type: 'string' },
        priority: { type: 'string' },
        vip: { type: 'boolean' },
        at: { type: 'string' },
        config: { type: 'string' },
        item: { type: 'string' },
        field: { type: 'string', multiple: true },
      },
    }));
  } catch (error) {
    out(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!values.title) {
    out(USAGE);
    return 2;
  }
  const receivedAt = values.at ? new Date(values.at) : new Date();
  if (Number.isNaN(receivedAt.getTime())) {
    out(`--at: not an ISO-8601 instant: ${values.at}`);
    return 2;
  }
  const parsed = RoutableTicketSchema.safeParse({
    title: values.title,
    description: values.description,
    category: values.category,
    impact: values.impact,
    urgency: values.urgency,
    priority: values.priority,
    channel: values.channel,
    mailbox: values.mailbox,
    affectedSystem: values.system,
    requester: { email: values.from, department: values.department, location: values.location, vip: values.vip || undefined },
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) out(`--${flagOf(issue.path)}: ${issue.message}`);
    return 2;
  }

  const dir = resolve(values.config ?? defaultConfigDir());
  const config = await loadConfigOrThrow(dir);
  const person = values.from ? findPerson(config.directory, values.from) : undefined;
  const fields = Object.fromEntries((values.field ?? []).map((pair) => [pair.split('=')[0], pair.slice(pair.indexOf('=') + 1)]));
  const intake = { ...intakeForRoutable(parsed.data, person), ...(values.item ? { catalogueItem: values.item, fields } : {}) };
  const decision = routeIntake(config, routedIntake(config, intake), receivedAt);
  const plan = planTicket(config, intake, {}, receivedAt);

  out(`ticket    "${intake.title}" via ${intake.channel}${intake.mailbox ? ` to ${intake.mailbox}` : ''}, received ${values.at ?? receivedAt.toISOString()}`);
  out(`requester ${describeRequester(values.from, person, config.directory.people.length > 0)}`);
  out('');
  out('decision');
  if (plan.decline) out(`  declined  yes, by rule '${plan.decline.rule}': ${plan.decline.reason} (template ${plan.decline.template})`);
  else out('  declined  no');
  if (plan.declareMajorIncident) {
    out(`  major incident  yes, by rule '${plan.declareMajorIncident.rule}': ${plan.declareMajorIncident.reason}${plan.declareMajorIncident.keywords.length ? ` (keywords ${plan.declareMajorIncident.keywords.join(', ')})` : ''}`);
    const block = config.sla.majorIncident;
    // Declared as it opens: raised to P1, with the major incident's clocks (sla.yaml majorIncident).
    if (block) out(`                  → P1, resolution ${formatDuration(block.resolution)}, an update every ${formatDuration(block.communicationInterval)} on ${block.calendar}`);
  }
  out(`  type      ${plan.type}${plan.request ? ` (catalogue item ${plan.request.item})` : ''}`);
  out(`  category  ${plan.category}`);
  out(`  priority  ${plan.priority}  (${decision.priorityWhy})`);
  const strategy = ownValue(config.routing.assignment, plan.group)?.strategy;
  out(`  group     ${plan.group}  (${plan.request ? `set by catalogue item ${plan.request.item}` : decision.matchedRules.length ? 'set by the rules' : `default group of category ${plan.category}`}; assignment: ${strategy ?? 'none configured'})`);
  if (decision.skills.length) out(`  skills    ${decision.skills.join(', ')}`);
  const next = nextTier(config, plan.category, plan.group);
  out(`  tier      ${tierOf(config, plan.group) ?? 'none'}; next tier ${next.found ? next.why : `none: ${next.why}`}`);
  const wanted = wantedSeniority(config.routing.dispatch, plan.priority);
  if (wanted) {
    // Who the table would ask, in turn (availability is decided at assignment time).
    const people = ownValue(config.groups.groups, plan.group)?.members ?? [];
    const listed = ownValue(config.routing.assignment, plan.group)?.members.map((m) => m.id) ?? [];
    const order = seniorityOrder(wanted).map((s) => `${s}: ${listed.filter((id) => seniorityOf(people, id) === s).join(', ') || '-'}`);
    out(`  dispatch  ${plan.priority} → ${wanted}; asked in turn ${order.join(' · ')}`);
  } else out(`  dispatch  none for ${plan.priority} (routing.yaml dispatch): the strategy picks among every member`);
  out(`  tags      ${plan.tags.join(', ') || '-'}`);
  // Each watcher with the updates they get and the rule that named them (issue #12).
  out(`  watchers  ${plan.watch?.map((w) => `${w.who} (${w.updates}, rule ${w.rule})`).join(', ') || '-'}`);
  const followUp = plan.dissatisfiedFollowUp;
  out(`  follow-up ${followUp ? `不满意 → the group lead, due ${formatDuration(followUp.dueSeconds)} on ${followUp.calendarId}; overdue → ${followUp.escalateTo.join(', ')}` : '不满意 → the group lead, no due time (sla.yaml dissatisfiedFollowUp)'}`);
  const steps = approvalChainOf(plan);
  steps.forEach((step, index) =>
    out(`  approval  ${index + 1}/${steps.length} ${step.approver.role}: ${step.approverPerson ? `${step.approverPerson.name} <${step.approverPerson.email}>` : 'nobody found'}${step.substitute ? ` (${step.substitute})` : ''}`),
  );
  for (const task of plan.request?.checklist ?? []) out(`  task      ${task.id}${task.group ? ` (${task.group})` : ''}: ${task.label.en}`);
  const clocks = Object.entries(plan.clocks).map(([name, c]) => `${name} ${formatDuration(c!.targetSeconds)} on ${c!.calendarId}`);
  out(`  sla       policy ${plan.slaPolicy}: ${clocks.join(', ')}`);
  out(`  service   ${describeServiceModel(plan)}`);
  out('');
  out('rules (top to bottom)');
  const width = Math.max(...config.routing.rules.map((r) => r.name.length));
  for (const step of decision.trace) out(`  ${step.matched ? '✓' : '✗'} ${step.rule.padEnd(width)}  ${step.why}`);
  const skipped = config.routing.rules.slice(decision.trace.length);
  if (skipped.length) {
    const stopper = decision.trace[decision.trace.length - 1]?.rule;
    out(`  · ${skipped.length} later rule(s) not evaluated: '${stopper}' matched without continue (${skipped.map((r) => r.name).join(', ')})`);
  }
  if (!decision.matchedRules.length) out(`  no rule matched: fallback category ${config.routing.fallback.category}`);
  out('');
  out(`config ${dir} (version ${config.version})`);
  return 0;
}

/** Issue #12's policy for this ticket: what a workaround meets, where resolution ends, visit arrival. */
function describeServiceModel(plan: TicketPlan): string {
  const workaround = plan.workaroundMeets?.length ? `a ${plan.workaroundMeets.join(' or ')} meets the resolution clock` : 'a workaround meets no clock';
  const ends = `resolution ends at ${plan.resolutionEndsAt === 'confirmation' ? "the requester's confirmation" : 'resolve'}`;
  const visits = plan.visits
    ? `on-site arrival within ${formatDuration(plan.visits.arrivalSeconds['same-site'])} (same site) / ${formatDuration(plan.visits.arrivalSeconds['other-office'])} (other office) on ${plan.visits.calendarId}`
    : 'visits have no arrival target';
  return `${workaround}; ${ends}; ${visits}`;
}

function describeRequester(from: string | undefined, person: DirectoryPerson | undefined, haveDirectory: boolean): string {
  if (!from) return '(none given)';
  if (person) {
    const details = [person.department, person.location, person.vip ? 'VIP' : undefined].filter(Boolean).join(', ');
    return `${person.name} <${person.email}>${details ? ` (${details})` : ''}, from directory.yaml`;
  }
  return `${from} (${haveDirectory ? 'not in directory.yaml' : 'no directory.yaml'})`;
}

function flagOf(path: PropertyKey[]): string {
  const flags: Record<string, string> = { affectedSystem: 'system', email: 'from' };
  const last = String(path[path.length - 1] ?? 'title');
  return flags[last] ?? last;
}
