// Store writes the API asks for (knowledge base edits, usage counts). The API may not write the
// sqlite file, so each command travels as a tiny workflow to the store worker, which owns it
// (workflows/storeCommand.ts); this file is the contract between the two and the dispatcher.
import type { Article, ArticleEdit, ArticleFields } from '../kb/article';
import { KbIllegalTransitionError } from '../kb/lifecycle';
import type { Db } from './db';
import { changeArticleStatus, createArticle, editArticle, KbNotFoundError, KbVersionConflictError, recordKbEvents, type KbEvent } from './knowledge';

export type StoreCommand =
  | { kind: 'kb.create'; fields: ArticleFields; actor: string }
  | { kind: 'kb.edit'; id: number; edit: ArticleEdit; actor: string; mayPublish: boolean }
  | { kind: 'kb.publish' | 'kb.retire'; id: number; actor: string; note?: string }
  | { kind: 'kb.events'; events: KbEvent[] };

/** A refusal is an answer, not a failure: the workflow completes and the API turns it into a problem. */
export type StoreRefusal = { ok: false; type: 'KbNotFound' | 'KbVersionConflict' | 'KbIllegalTransition'; message: string };
export type StoreCommandResult = { ok: true; article?: Article; recorded?: number } | StoreRefusal;

export async function runStoreCommand(db: Db, command: StoreCommand): Promise<StoreCommandResult> {
  try {
    switch (command.kind) {
      case 'kb.create':
        return { ok: true, article: await createArticle(db, command.fields, command.actor) };
      case 'kb.edit':
        return { ok: true, article: await editArticle(db, command.id, command.edit, command.actor, command.mayPublish) };
      case 'kb.publish':
      case 'kb.retire':
        return { ok: true, article: await changeArticleStatus(db, command.id, command.kind === 'kb.publish' ? 'publish' : 'retire', command.actor, command.note) };
      case 'kb.events':
        return { ok: true, recorded: await recordKbEvents(db, command.events) };
    }
  } catch (err) {
    if (err instanceof KbNotFoundError) return { ok: false, type: 'KbNotFound', message: err.message };
    if (err instanceof KbVersionConflictError) return { ok: false, type: 'KbVersionConflict', message: err.message };
    if (err instanceof KbIllegalTransitionError) return { ok: false, type: 'KbIllegalTransition', message: err.message };
    throw err; // sqlite trouble: the activity retries
  }
}
