// Looking at what the desk did with delivered mail, on the real Dovecot of a test desk: which
// ticket holds a mail, what is in a folder, whether the inbox has been worked through.
import { ImapFolderError } from '../../mail/imapErrors';
import { parseInboundMail } from '../../mail/parse';
import { getMailboxQuery, type MailboxView } from '../../workflows/mailbox';
import { waitUntil, type TestDesk } from './testDesk';

export function mailboxProbe(desk: TestDesk) {
  const probe = {
    /** The ticket the desk filed a received Message-ID under, once it has. */
    ticketFor(messageId: string, timeoutMs = 30_000): Promise<string> {
      return waitUntil(
        `ticket for ${messageId}`,
        async () => (await desk.db.get<{ ticket_number: string }>("SELECT ticket_number FROM mail_messages WHERE message_id = ? AND direction = 'in'", [messageId]))?.ticket_number,
        timeoutMs,
      );
    },

    view(): Promise<MailboxView> {
      return desk.client.workflow.getHandle(desk.mailbox!.workflowId).query(getMailboxQuery);
    },

    /** Waits until the mailbox has gone past every mail in the inbox (so "nothing happened" is a fact). */
    async inboxDrained(timeoutMs = 60_000): Promise<void> {
      const inbox = await desk.mailbox!.open('INBOX');
      try {
        await waitUntil('the inbox to be empty', async () => ((await inbox.fetchSince(0, 1)).length === 0 ? true : undefined), timeoutMs);
      } finally {
        await inbox.close();
      }
    },

    /** The mails in a folder, raw; a folder the desk never created reads as empty. */
    async folder(name: string): Promise<Buffer[]> {
      const box = await desk.mailbox!.open(name).catch((err) => {
        if (err instanceof ImapFolderError) return null;
        throw err;
      });
      if (!box) return [];
      try {
        return (await box.fetchSince(0, 1000)).map((m) => m.raw);
      } finally {
        await box.close();
      }
    },

    async folderMessageIds(name: string): Promise<string[]> {
      return Promise.all((await probe.folder(name)).map(async (raw) => (await parseInboundMail(raw, { maxAttachmentBytes: 0 })).messageId));
    },

    /** Waits until a Message-ID shows up in a folder. */
    inFolder(name: string, messageId: string, timeoutMs = 30_000): Promise<true> {
      return waitUntil(`${messageId} in ${name}`, async () => ((await probe.folderMessageIds(name)).includes(messageId) ? true : undefined), timeoutMs);
    },
  };
  return probe;
}
