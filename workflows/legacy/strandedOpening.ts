// Rescue for tickets stranded by issue #13: histories whose approvals-and-assignment marker was
// recorded one workflow task after the clock-maths local-activity marker it follows in the code.
// The SDK learns of a patch marker only when it replays the task holding it, so at that point
// `patched()` answers false and the replay fails. When the caller has proof the marker exists
// (see ticketFeatures.ts), this tells the SDK about it ahead of time. It reaches into the SDK's
// workflow activator (an internal, unversioned API); test/integration/replay.test.ts replays the
// recorded stranded history, so an SDK upgrade that changes it fails loudly, not in production.
import { getActivator } from '@temporalio/workflow/lib/global-attributes';

interface PatchKnowledge {
  knownPresentPatches?: Set<string>;
}

/** Marks the patch as present in this history; false if the SDK's internals are not as expected. */
export function rescueStrandedApprovalsMarker(patchId: string): boolean {
  const known = (getActivator() as unknown as PatchKnowledge).knownPresentPatches;
  if (!(known instanceof Set)) return false;
  if (known.has(patchId)) return false; // not stranded: the ordinary path handles it
  known.add(patchId);
  return true;
}
