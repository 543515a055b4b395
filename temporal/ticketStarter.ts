// Opens tickets: one workflow per ticket (issue #10). The number is reserved in the store with
// what opens the ticket, then the ticket's workflow is started together with its `ticketOpened`
// update (update-with-start), whose answer is the planned ticket: one round trip, no intake
// workflow, no polling. A start lost between the two (a crashed API) is made good by the sweep
// the store process runs (`startUnstarted`), so numbers stay gap-free.
import { WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { ConfigSource } from '../config/source';
import type { Db } from '../store/db';
import { markTicketStarted, reserveTicketNumber, unstartedTickets } from '../store/ticketNumbers';
import type { TicketIntake } from '../ticket/intake';
import type { TicketView } from '../ticket/state';
import { ticketOpenedUpdate, type MailOpeningInput } from '../workflows/messages';
import type { ticketWorkflow, TicketWorkflowInput } from '../workflows/ticket';
import { LEAN_GENERATION } from '../workflows/ticketFeatures';
import { ticketStartOptions } from '../workflows/ticketStartOptions';
import type { TemporalSettings } from './settings';

/** What opens a ticket, kept with its number until its workflow is known to run. */
export interface TicketOpening {
  intake: TicketIntake;
  /** The mail that opens the ticket (mailbox intake). */
  mail?: MailOpeningInput;
}

export interface OpenedTicket {
  number: string;
  /** False for a repeated idempotency key: the ticket the first request opened. */
  created: boolean;
  /**
   * The ticket as its workflow answered; null when the workflow has finished (a key repeated
   * after the ticket closed) or was started by the intake workflow of an older desk: read it.
   */
  ticket: TicketView | null;
}

export interface TicketStarterDeps {
  client: Client;
  db: Db;
  settings: TemporalSettings;
  config: ConfigSource;
  log?: (line: string) => void;
}

export type TicketStarter = ReturnType<typeof createTicketStarter>;

export function createTicketStarter(deps: TicketStarterDeps) {
  const { client, db, settings } = deps;
  const log = deps.log ?? ((line: string) => console.warn(`[itdesk] ${line}`));

  function workflowOptions(number: string, opening: TicketOpening) {
    const input: TicketWorkflowInput = {
      number,
      intake: opening.intake,
      storeTaskQueue: settings.taskQueues.store,
      generation: LEAN_GENERATION,
      ...(opening.mail ? { mail: opening.mail } : {}),
    };
    return {
      ...ticketStartOptions(number, opening.intake),
      taskQueue: settings.taskQueues.tickets,
      args: [input] as [TicketWorkflowInput],
      // A number names one ticket for good: never a second run once the first has finished.
      workflowIdReusePolicy: 'REJECT_DUPLICATE' as const,
    };
  }

  /** Remembered so the sweep leaves the ticket alone; a failure only costs the sweep a start attempt. */
  function started(number: string): void {
    markTicketStarted(db, number).catch((err) => log(`could not record that ${number} started: ${(err as Error).message}`));
  }

  return {
    async open(idempotencyKey: string, opening: TicketOpening): Promise<OpenedTicket> {
      const desk = deps.config.current().desk;
      const reserved = await reserveTicketNumber(db, idempotencyKey, opening, { prefix: desk.ticketPrefix, digits: desk.ticketDigits });
      if (!reserved.opening) return { number: reserved.number, created: false, ticket: null };
      // A repeated key starts what the first request asked for (its start may have been lost).
      const operation = new WithStartWorkflowOperation<typeof ticketWorkflow>('ticketWorkflow', {
        ...workflowOptions(reserved.number, reserved.opening),
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
      try {
        const ticket = await client.workflow.executeUpdateWithStart(ticketOpenedUpdate, { startWorkflowOperation: operation });
        if (reserved.created) started(reserved.number);
        return { number: reserved.number, created: reserved.created, ticket };
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        started(reserved.number);
        return { number: reserved.number, created: reserved.created, ticket: null };
      }
    },

    /**
     * Starts the tickets whose number was reserved over `graceMs` ago but whose start nobody
     * confirmed (the API died in between). Answers the numbers it started.
     */
    async startUnstarted(graceMs = 15_000): Promise<string[]> {
      const startedNow: string[] = [];
      for (const { number, opening } of await unstartedTickets<TicketOpening>(db, new Date(Date.now() - graceMs))) {
        try {
          await client.workflow.start<typeof ticketWorkflow>('ticketWorkflow', workflowOptions(number, opening));
          startedNow.push(number);
        } catch (err) {
          if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        }
        await markTicketStarted(db, number);
      }
      return startedNow;
    },
  };
}
