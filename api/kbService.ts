// What the API asks of the knowledge base: reads straight from the sqlite file (WAL lets readers
// run beside the store worker's writes, as GET of an archived ticket already does), writes as a
// storeCommandWorkflow on the store task queue, so only the store worker ever writes the file.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Article, ArticleEdit, ArticleFields, ArticleHistoryEntry, KbStatus } from '../kb/article';
import type { Db } from '../store/db';
import type { StoreCommand, StoreCommandResult } from '../store/commands';
import { articleHistory, listArticles, readArticle, searchArticles, type KbEvent, type KbHit, type KbSearchOptions } from '../store/knowledge';
import type { TemporalSettings } from '../temporal/settings';
import type { storeCommandWorkflow } from '../workflows/storeCommand';
import { ProblemError, problems } from './problem';

export interface KbServiceDeps {
  db: Db;
  client: Client;
  settings: TemporalSettings;
  log?: (line: string) => void;
}

export function createKbService({ db, client, settings, log = console.error }: KbServiceDeps) {
  async function command(cmd: StoreCommand): Promise<Extract<StoreCommandResult, { ok: true }>> {
    const result = await client.workflow.execute<typeof storeCommandWorkflow>('storeCommandWorkflow', {
      taskQueue: settings.taskQueues.store,
      workflowId: `store-${cmd.kind}-${randomUUID()}`,
      args: [cmd],
      workflowExecutionTimeout: '2m',
      staticSummary: cmd.kind === 'kb.events' ? `kb usage: ${cmd.events.length} event(s)` : `${cmd.kind}${'id' in cmd ? ` KB-${cmd.id}` : ''} by ${cmd.actor}`,
    });
    if (result.ok) return result;
    if (result.type === 'KbNotFound') throw problems.notFound(result.message);
    if (result.type === 'KbVersionConflict') throw new ProblemError(409, 'version-conflict', 'The article changed since you read it', result.message);
    throw problems.illegalTransition(result.message);
  }

  return {
    search: (query: string, options: KbSearchOptions): Promise<KbHit[]> => searchArticles(db, query, options),
    list: (statuses: KbStatus[], limit: number): Promise<Article[]> => listArticles(db, statuses, limit),
    read: (id: number): Promise<Article | undefined> => readArticle(db, id),
    history: (id: number): Promise<ArticleHistoryEntry[]> => articleHistory(db, id),

    async create(fields: ArticleFields, actor: string): Promise<Article> {
      return (await command({ kind: 'kb.create', fields, actor })).article!;
    },
    async edit(id: number, edit: ArticleEdit, actor: string, mayPublish: boolean): Promise<Article> {
      return (await command({ kind: 'kb.edit', id, edit, actor, mayPublish })).article!;
    },
    async changeStatus(id: number, action: 'publish' | 'retire', actor: string, note?: string): Promise<Article> {
      return (await command({ kind: action === 'publish' ? 'kb.publish' : 'kb.retire', id, actor, note })).article!;
    },
    /** Awaited: "this solved it" must be counted before the answer says so. */
    async record(events: KbEvent[]): Promise<number> {
      return (await command({ kind: 'kb.events', events })).recorded ?? 0;
    },
    /**
     * Views and suggestions shown are counted without making the reader wait; a count lost to a
     * Temporal outage is logged, never an error for the person reading.
     */
    count(events: KbEvent[]): void {
      if (!events.length) return;
      const at = new Date().toISOString();
      void command({ kind: 'kb.events', events: events.map((e) => ({ at, ...e })) }).catch((err) => log(`kb usage not counted (${events.length} event(s)): ${(err as Error).message}`));
    },
  };
}

export type KbService = ReturnType<typeof createKbService>;
