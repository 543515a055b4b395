// Starts the poller workflow of every mailbox in mailboxes.yaml, unless it already runs: any
// number of worker processes may call this at start-up and one poller per mailbox results.
import type { Client } from '@temporalio/client';
import type { ConfigSource } from '../config/source';
import { mailboxWorkflowId } from '../workflows/messages';
import type { mailboxWorkflow } from '../workflows/mailbox';
import type { TemporalSettings } from './settings';

export async function startMailboxPollers(client: Client, settings: TemporalSettings, config: ConfigSource): Promise<string[]> {
  const started: string[] = [];
  for (const mailbox of config.current().mailboxes.mailboxes) {
    const workflowId = mailboxWorkflowId(mailbox.id);
    await client.workflow.start<typeof mailboxWorkflow>('mailboxWorkflow', {
      workflowId,
      taskQueue: settings.taskQueues.tickets,
      args: [{ mailboxId: mailbox.id, storeTaskQueue: settings.taskQueues.store }],
      workflowIdConflictPolicy: 'USE_EXISTING',
      staticSummary: `mailbox ${mailbox.id}: ${mailbox.user}@${mailbox.host}/${mailbox.inbox}`,
    });
    started.push(workflowId);
  }
  return started;
}
