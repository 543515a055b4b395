// The ticket workflow's check of an update's argument: the action's contract (ticket/actions.ts)
// as generated JSON Schema, checked without zod (issue #10: zod in the workflow bundle cost about
// 0.9 MiB per cached ticket). The API checks bodies with the zod contract itself; this catches
// updates sent past the API (another client, an operator in the Temporal UI).
import { ACTION_ARGUMENTS } from './actionArguments.generated';
import type { TicketActionName } from './actionFacts';
import { checkJsonSchema } from './jsonSchemaCheck';

/** The problems with an update's argument, as one line ("path: message; …"), or undefined. */
export function argumentProblem(name: TicketActionName, args: unknown): string | undefined {
  const schema = Object.prototype.hasOwnProperty.call(ACTION_ARGUMENTS, name) ? ACTION_ARGUMENTS[name] : undefined;
  if (!schema) return `(argument): no action ${name}`;
  const problems = checkJsonSchema(schema, args);
  return problems.length ? problems.map((p) => `${p.path || '(argument)'}: ${p.message}`).join('; ') : undefined;
}
