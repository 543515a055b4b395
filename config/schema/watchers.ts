// Watchers as admins name them in routing rules (`watchers`) and escalation levels
// (`addWatchers`): a mail address or a member id, alone (every public update) or with the
// updates the watcher subscribes to. One value set for config, actions and the workflow.
import { z } from 'zod';
import { DEFAULT_WATCH_UPDATES, WATCH_UPDATES, type WatchUpdates } from './valueSets';

/** `all`: every public update (assignment, public replies, questions, resolution, closure); `resolution`: only the outcome. */
export { DEFAULT_WATCH_UPDATES, WATCH_UPDATES, type WatchUpdates } from './valueSets';

/** `it-manager@corp.example`, or `{ watcher: it-manager@corp.example, updates: resolution }`. */
export function watcherEntrySchema<T extends z.ZodType<string>>(who: T) {
  return z.union([who, z.object({ watcher: who, updates: z.enum(WATCH_UPDATES) }).strict()], {
    error: "expected a mail address (or member id), or { watcher: <address>, updates: all | resolution }",
  });
}

export type WatcherEntry = string | { watcher: string; updates: WatchUpdates };

/** Who an entry names and what they get. */
export function watcherOf(entry: WatcherEntry): { who: string; updates: WatchUpdates } {
  return typeof entry === 'string' ? { who: entry, updates: DEFAULT_WATCH_UPDATES } : { who: entry.watcher, updates: entry.updates };
}
