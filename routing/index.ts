// The routing engine's public surface: schemas for the YAML, compile once, route, assign, test.
export * from './schema';
export { compileRules, DEFAULT_FALLBACK, type CompiledRules } from './compile';
export { compilePriorityMatrix, raisePriority, resolvePriority, type CompiledPriorityMatrix, type PrioritySource } from './priority';
export { routeTicket, type RoutingContext, type RoutingDecision, type RuleTrace } from './evaluate';
export { pickAssignee, type AssignableGroup, type AssignableMember, type AssignmentState, type AssigneeChoice } from './assign';
export * from './configTest';
export { collectRoutingReferences, type RoutingReference, type RoutingReferenceKind } from './references';
export { compilePattern, InvalidRoutingPatternError } from './pattern';
