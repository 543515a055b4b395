// Temporal's answer to an update or signal sent to a workflow that has finished: "workflow
// execution already completed", as a not-found or a failed-precondition error depending on the
// call and the server. One test for it, so every caller reads the same answer the same way.
export function saysWorkflowFinished(err: unknown): boolean {
  return /already completed/i.test((err as Error | undefined)?.message ?? '');
}
