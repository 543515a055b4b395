// Activities that write the sqlite store. They run only on the store task queue, served by
// the single process that owns the database file.
import type { ConfigSource } from '../config/source';
import { archiveTicket } from '../store/archive';
import { runStoreCommand, type StoreCommand, type StoreCommandResult } from '../store/commands';
import type { Db } from '../store/db';
import { lookupMessages, recordMessages, type IndexedMessage } from '../store/messageIndex';
import { allocateTicketNumber } from '../store/ticketNumbers';
import { SUGGESTION_LIMIT, suggestionOf, suggestionQuery, type KbSuggestionRef } from '../kb/suggest';
import { recordKbEvents, searchArticles } from '../store/knowledge';
import type { TicketIntake } from '../ticket/intake';
import type { TicketView } from '../ticket/state';

export function createStoreActivities({ db, config }: { db: Db; config: ConfigSource }) {
  return {
    async allocateTicketNumber(input: { idempotencyKey: string }) {
      const desk = config.current().desk;
      return allocateTicketNumber(db, input.idempotencyKey, { prefix: desk.ticketPrefix, digits: desk.ticketDigits });
    },
    async archiveTicket(input: { ticket: TicketView }) {
      await archiveTicket(db, input.ticket);
    },
    /** Message-ID index look-up for threading and de-duplication. */
    async lookupMessageIds(input: { messageIds: string[] }): Promise<IndexedMessage[]> {
      return lookupMessages(db, input.messageIds);
    },
    async recordMessageIds(input: { entries: Array<IndexedMessage & { mailbox?: string }> }): Promise<void> {
      await recordMessages(db, input.entries);
    },
    /**
     * Published articles that may answer a new ticket, for its acknowledgement mail; each one
     * shown is counted as a suggestion (the knowledge-base usage rate of the reports).
     */
    async suggestArticles(input: { ticketNumber: string; intake: Pick<TicketIntake, 'title' | 'description' | 'errorMessage'> }): Promise<KbSuggestionRef[]> {
      const hits = await searchArticles(db, suggestionQuery(input.intake), { statuses: ['published'], limit: SUGGESTION_LIMIT, mode: 'loose' });
      const suggestions = hits.map(({ article }) => suggestionOf(article));
      await recordKbEvents(db, suggestions.map((s) => ({ articleId: s.id, kind: 'suggested' as const, ticketNumber: input.ticketNumber, actor: 'desk' })));
      return suggestions;
    },
    /** A write the API asked for (storeCommandWorkflow): knowledge-base edits, usage counts. */
    async runStoreCommand(input: { command: StoreCommand }): Promise<StoreCommandResult> {
      return runStoreCommand(db, input.command);
    },
  };
}

export type StoreActivities = ReturnType<typeof createStoreActivities>;
