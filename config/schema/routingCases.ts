// routing.cases.yaml (optional): the admins' own routing tests. Extends routing's case schema
// with what only the whole desk knows: the SLA policy and the group's assignment strategy.
import { z } from 'zod';
import { watcherEntrySchema } from './watchers';
import { ASSIGNMENT_STRATEGIES, RoutingCaseSchema, RoutingExpectationSchema } from '../../routing';
import { SENIORITIES, TIERS } from './groups';
import { RESOLUTION_ENDS_AT, WORKAROUND_KINDS } from './sla';

export const DeskRoutingExpectationSchema = z
  .object({
    ...RoutingExpectationSchema.shape,
    /** The sla.yaml policy the ticket is measured by. */
    slaPolicy: z.string().min(1).optional(),
    /** How routing.yaml picks a person in the chosen group. */
    assigneeStrategy: z.enum(ASSIGNMENT_STRATEGIES).optional(),
    /** The tier of the chosen group (groups.yaml). */
    tier: z.enum(TIERS).optional(),
    /** Where "escalate to the next tier" would take the ticket; `none` at the top of its ladder. */
    nextTier: z.string().min(1).optional(),
    /** The seniority the dispatch table of routing.yaml asks for at the ticket's priority. */
    dispatch: z.enum(SENIORITIES).optional(),
    /** Which recorded kinds meet the resolution clock (sla.yaml workaroundMeets); [] for none. */
    workaroundMeets: z.array(z.enum(WORKAROUND_KINDS)).optional(),
    /** Where the resolution clock ends (sla.yaml resolutionEndsAt). */
    resolutionEndsAt: z.enum(RESOLUTION_ENDS_AT).optional(),
    /** Watchers the plan must hold (others may be present), each with its updates when given as { watcher, updates }. */
    watchers: z.array(watcherEntrySchema(z.string().min(1))).optional(),
  })
  .strict()
  .refine((expect) => Object.values(expect).some((v) => v !== undefined), {
    message: "'expect' must name at least one thing to check",
    // A misspelt key already says what is wrong; "names nothing" on top would only confuse.
    when: (payload) => payload.issues.length === 0,
  });
export type DeskRoutingExpectation = z.infer<typeof DeskRoutingExpectationSchema>;

export const DeskRoutingCaseSchema = z
  .object({ ...RoutingCaseSchema.shape, expect: DeskRoutingExpectationSchema })
  .strict();
export type DeskRoutingCase = z.infer<typeof DeskRoutingCaseSchema>;

export const DeskRoutingCasesSchema = z.array(DeskRoutingCaseSchema).superRefine(
  (cases, ctx) => {
    const firstIndexByName = new Map<string, number>();
    cases.forEach((routingCase, index) => {
      const name = routingCase?.name;
      if (typeof name !== 'string') return;
      const first = firstIndexByName.get(name);
      if (first === undefined) firstIndexByName.set(name, index);
      else ctx.addIssue({ code: 'custom', path: [index, 'name'], message: `duplicate test case name '${name}' (already case #${first + 1})` });
    });
  },
  { when: (payload) => Array.isArray(payload.value) },
);
