// Mails to the requester: rendered from the templates, threaded to the requester's own mail (or,
// for a ticket opened through the API or by phone, to our acknowledgement, which starts the
// thread), and sent with a Message-ID fixed per event so a retry reuses it.
import type { LoadedConfig } from '../config/load';
import type { ConfigSource } from '../config/source';
import { articleSolvedLink, resolutionLinks, SOLVED_LINK_VALIDITY_MS } from '../links/requesterLinks';
import { linkSecret } from '../links/signedLink';
import { noticeThreadHeaders } from '../mail/noticeThread';
import { renderRequesterNotice } from '../mail/requesterNotice';
import type { Requester } from '../ticket/intake';
import type { RequesterNotice } from '../ticket/state';
import type { Mailer } from './mailer';
import { deliverNotice } from './noticeDelivery';
import { ownValue } from '../config/lookup';

export interface RequesterMailInput {
  notice: RequesterNotice;
  ticket: {
    number: string;
    title: string;
    priority: string;
    requester: Requester;
    sla: Array<{ name: string; dueAt: string | null; calendarId: string | null }>;
    resolutionNote?: string;
    declineReason?: string;
    commentBody?: string;
    assigneeName?: string;
    pendingNote?: string;
    /** the ticket's reopenCount: which resolution a resolution notice announces (absent in older histories) */
    round?: number;
    /** Knowledge articles for the acknowledgement. */
    suggestions?: Array<{ id: number; ref: string; title: string; excerpt: string }>;
    /** The workaround a milestone notice announces. */
    workaround?: { kind: 'workaround' | 'containment'; note: string };
    /** The visit a visit notice is about (`engineer`: member id; `reason`: why it moved or was cancelled). */
    visit?: { scheduledAt: string; place: string; engineer: string | null; rescheduled: boolean; reason?: string };
    /** mailbox, sourceMessageId and lastInboundMessageId are null while the requester has not written to us */
    mail: { mailbox: string | null; sourceMessageId: string | null; subject: string; references: string[]; lastInboundMessageId: string | null; linkedFrom?: string };
  };
}

/**
 * The confirm / reopen links of a resolution notice, valid until the ticket would close by
 * itself. None without a usable link secret, or for a snapshot recorded before links (no round).
 */
function linksOfResolution(ticket: RequesterMailInput['ticket'], current: LoadedConfig, env: NodeJS.ProcessEnv) {
  if (ticket.round === undefined) return undefined;
  const expiresAt = new Date(Date.now() + current.desk.resolvedAutoCloseAfter * 1000).toISOString();
  const input = { publicUrl: current.desk.publicUrl, ticketNumber: ticket.number, requester: ticket.requester.email, round: ticket.round, expiresAt };
  return resolutionLinks(input, linkSecret(current, env)) ?? undefined;
}

/** The one-click "this article solved it" link of a suggestion; none without a link secret. */
function solvedLinkOf(ticket: RequesterMailInput['ticket'], articleId: number, current: LoadedConfig, env: NodeJS.ProcessEnv): string | undefined {
  const expiresAt = new Date(Date.now() + SOLVED_LINK_VALIDITY_MS).toISOString();
  return articleSolvedLink({ publicUrl: current.desk.publicUrl, ticketNumber: ticket.number, requester: ticket.requester.email, articleId, expiresAt }, linkSecret(current, env)) ?? undefined;
}

const memberName = (current: LoadedConfig, id: string) => Object.values(current.groups.groups).flatMap((g) => g.members).find((m) => m.id === id)?.name;

export function createRequesterMailActivities({ config, mailer, env = process.env }: { config: ConfigSource; mailer: Mailer; env?: NodeJS.ProcessEnv }) {
  const activities = {
    async sendRequesterMail({ notice, ticket }: RequesterMailInput): Promise<{ messageId: string }> {
      const current = config.current();
      const resolution = ticket.sla.find((c) => c.name === 'resolution');
      const timeZone = (resolution?.calendarId && ownValue(current.calendars.calendars, resolution.calendarId)?.timezone) || 'Asia/Shanghai';
      const { subject, text } = renderRequesterNotice(
        notice.kind,
        {
          number: ticket.number,
          title: ticket.title,
          priority: ticket.priority,
          resolutionDueAt: resolution?.dueAt ?? null,
          resolutionNote: ticket.resolutionNote,
          declineReason: ticket.declineReason,
          commentBody: ticket.commentBody,
          // The snapshot carries the member id; the requester reads the person's name.
          assigneeName: ticket.assigneeName
            ? (Object.values(current.groups.groups).flatMap((g) => g.members).find((m) => m.id === ticket.assigneeName)?.name ?? ticket.assigneeName)
            : undefined,
          pendingNote: ticket.pendingNote,
          linkedFrom: ticket.mail.linkedFrom,
          links: notice.kind === 'resolved' ? linksOfResolution(ticket, current, env) : undefined,
          suggestions: ticket.suggestions?.map((s) => ({ ...s, solvedLink: solvedLinkOf(ticket, s.id, current, env) })),
          workaround: ticket.workaround,
          visit: ticket.visit && {
            scheduledAt: ticket.visit.scheduledAt,
            place: ticket.visit.place,
            rescheduled: ticket.visit.rescheduled,
            reason: ticket.visit.reason,
            engineerName: ticket.visit.engineer ? (memberName(current, ticket.visit.engineer) ?? ticket.visit.engineer) : undefined,
          },
        },
        { language: ticket.requester.language ?? current.desk.defaultLanguage, timeZone, deskName: current.desk.name },
      );
      const { messageId, inReplyTo, references } = noticeThreadHeaders({
        ticketNumber: ticket.number,
        eventKey: notice.key,
        domain: current.mail.messageIdDomain,
        thread: ticket.mail,
      });
      // Replies should reach a mailbox the desk reads: the one the ticket came by, else the first.
      const mailbox = current.mailboxes.mailboxes.find((m) => m.id === ticket.mail.mailbox) ?? current.mailboxes.mailboxes[0];
      await mailer.send({
        from: `${current.desk.fromName} <${current.desk.fromAddress}>`,
        to: [ticket.requester.email],
        subject,
        text,
        messageId,
        ...(inReplyTo ? { inReplyTo } : {}),
        ...(references ? { references } : {}),
        headers: {
          // RFC 3834: an answer to the requester's mail is auto-replied; later notices are auto-generated.
          'Auto-Submitted': notice.kind === 'ack' && ticket.mail.sourceMessageId ? 'auto-replied' : 'auto-generated',
          // Asks Exchange not to answer with out-of-office replies.
          'X-Auto-Response-Suppress': 'All',
          ...(mailbox ? { 'Reply-To': mailbox.deskAddresses[0] } : {}),
        },
      });
      return { messageId: messageId.slice(1, -1) };
    },
  };
  return {
    // A notice that can never be sent fails for good instead of holding up the ticket's later notices.
    sendRequesterMail: (input: RequesterMailInput) =>
      deliverNotice(`the ${input.notice.kind} notice of ${input.ticket.number} to its requester`, () => activities.sendRequesterMail(input)),
  };
}

export type RequesterMailActivities = ReturnType<typeof createRequesterMailActivities>;
