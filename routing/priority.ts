// Decides a ticket's priority from keyword overrides, explicit priorities, the impact × urgency
// matrix and the VIP bump, and says in one sentence how it got there.
import { compilePattern } from './pattern';
import { PRIORITIES, type Impact, type Priority, type PriorityMatrix, type Urgency } from './schema';

export type CompiledKeywordOverride = { pattern: string; regex: RegExp; priority: Priority };

export type CompiledPriorityMatrix = {
  matrix: PriorityMatrix['matrix'];
  overrides: CompiledKeywordOverride[];
  vipBump: number;
  defaults: PriorityMatrix['defaults'];
};

/** Where the priority came from, strongest first (see resolvePriority). */
export type PrioritySource = 'keyword-override' | 'rule' | 'requester' | 'matrix';

export type PriorityInputs = {
  impact: Impact;
  urgency: Urgency;
  /** Folded ticket texts the keyword overrides search. */
  texts: readonly string[];
  /** Set by the last matching rule that set one. */
  rulePriority?: { priority: Priority; rule: string };
  /** Given with the request. */
  requesterPriority?: Priority;
  vip: boolean;
};

export type PriorityVerdict = { priority: Priority; source: PrioritySource; why: string };

export function compilePriorityMatrix(matrix: PriorityMatrix): CompiledPriorityMatrix {
  return {
    matrix: matrix.matrix,
    overrides: matrix.keywordOverrides.map((o) => ({
      pattern: o.pattern,
      regex: compilePattern(o.pattern),
      priority: o.priority,
    })),
    vipBump: matrix.vipBump,
    defaults: matrix.defaults,
  };
}

/** Raises `priority` by `levels` (P3 raised by 1 is P2), never above P1. */
export function raisePriority(priority: Priority, levels: number): Priority {
  return PRIORITIES[Math.max(0, PRIORITIES.indexOf(priority) - levels)];
}

/** The most urgent override whose pattern appears in any of `texts`. */
export function strongestOverride(
  overrides: readonly CompiledKeywordOverride[],
  texts: readonly string[],
): { override: CompiledKeywordOverride; matched: string } | undefined {
  let best: { override: CompiledKeywordOverride; matched: string } | undefined;
  for (const override of overrides) {
    if (best && PRIORITIES.indexOf(override.priority) >= PRIORITIES.indexOf(best.override.priority)) continue;
    for (const text of texts) {
      const hit = override.regex.exec(text);
      if (hit) {
        best = { override, matched: hit[0] };
        break;
      }
    }
    if (best?.override.priority === 'P1') break;
  }
  return best;
}

/**
 * Precedence, strongest first:
 *   1. a keyword override (the most urgent one that matches) — "服务器宕机" is P1 whatever anyone said;
 *   2. a priority set by a routing rule's `then.priority` — the admin's explicit decision;
 *   3. the priority given with the request;
 *   4. matrix[impact][urgency].
 * Then a VIP requester's priority is raised by `vipBump` levels, never above P1.
 */
export function resolvePriority(matrix: CompiledPriorityMatrix, inputs: PriorityInputs): PriorityVerdict {
  const base = basePriority(matrix, inputs);
  if (!inputs.vip || matrix.vipBump === 0) return base;
  const raised = raisePriority(base.priority, matrix.vipBump);
  const bumpNote =
    raised === base.priority
      ? `VIP requester, already ${raised}`
      : `VIP requester: raised ${base.priority} → ${raised}`;
  return { ...base, priority: raised, why: `${base.why}; ${bumpNote}` };
}

function basePriority(matrix: CompiledPriorityMatrix, inputs: PriorityInputs): PriorityVerdict {
  const override = strongestOverride(matrix.overrides, inputs.texts);
  if (override) {
    const { priority, pattern } = override.override;
    return {
      priority,
      source: 'keyword-override',
      why: `keyword override /${pattern}/ matched '${override.matched}' → ${priority}`,
    };
  }
  if (inputs.rulePriority) {
    const { priority, rule } = inputs.rulePriority;
    return { priority, source: 'rule', why: `rule '${rule}' set ${priority}` };
  }
  if (inputs.requesterPriority) {
    const priority = inputs.requesterPriority;
    return { priority, source: 'requester', why: `given with the request: ${priority}` };
  }
  const priority = matrix.matrix[inputs.impact][inputs.urgency];
  return {
    priority,
    source: 'matrix',
    why: `matrix: impact ${inputs.impact} × urgency ${inputs.urgency} → ${priority}`,
  };
}
