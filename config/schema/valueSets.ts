// The value sets the config schemas and the ticket's action contracts share, each written once.
// Without zod on purpose: workflow code imports these, and every module the workflow bundle
// reaches is evaluated again for each cached ticket (issue #10), so a schema built here would be
// built per ticket.

/** Who calls the API (auth.yaml tokens, portal sessions). */
export const ROLES = ['requester', 'agent', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What a pending ticket waits for (sla.yaml `pauseResolutionWhilePending`). */
export const PENDING_REASONS = ['requester', 'vendor', 'approval'] as const;
export type PendingReason = (typeof PENDING_REASONS)[number];

/** What an agent can record short of the real fix (the second manual: "urgent: until contained"). */
export const WORKAROUND_KINDS = ['workaround', 'containment'] as const;
export type WorkaroundKind = (typeof WORKAROUND_KINDS)[number];

/** Where the resolution clock ends: at the agent's resolve, or at the requester's confirmation (the fourth manual). */
export const RESOLUTION_ENDS_AT = ['resolve', 'confirmation'] as const;
export type ResolutionEndsAt = (typeof RESOLUTION_ENDS_AT)[number];

/** Where an on-site engineer goes: the requester's own site, or another office. */
export const SITE_KINDS = ['same-site', 'other-office'] as const;
export type SiteKind = (typeof SITE_KINDS)[number];

/** What a watcher gets: every public update, or the outcome only. */
export const WATCH_UPDATES = ['all', 'resolution'] as const;
export type WatchUpdates = (typeof WATCH_UPDATES)[number];
export const DEFAULT_WATCH_UPDATES: WatchUpdates = 'all';
