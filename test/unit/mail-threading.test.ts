import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseInboundMail } from '../../mail/parse';
import { decideThreading } from '../../mail/threading';

const deskDomains = ['desk.example.com'];
// The desk's Message-ID index: ids it sent or received, with their ticket.
const index: Record<string, string> = {
  'first-mail@corp.example': 'IT-000050',
  'it-000123.ack@desk.example.com': 'IT-000200', // ticket 123 was merged into 200
  'older@corp.example': 'IT-000060',
  'newer@corp.example': 'IT-000061',
};
const lookup = { ticketByMessageId: (id: string) => index[id] ?? null };

const mail = (fields: { subject?: string; inReplyTo?: string | null; references?: string[] }) => ({
  subject: fields.subject ?? '打印机无法打印',
  inReplyTo: fields.inReplyTo ?? null,
  references: fields.references ?? [],
});

describe('decideThreading', () => {
  const cases = [
    {
      name: 'the subject tag wins over every header',
      given: mail({ subject: '回复：[IT-000007] 打印机', inReplyTo: 'first-mail@corp.example' }),
      expect: { kind: 'existing', ticketNumber: 'IT-000007', via: 'subject-tag' },
    },
    {
      name: 'In-Reply-To known to the index',
      given: mail({ inReplyTo: 'first-mail@corp.example', references: ['newer@corp.example'] }),
      expect: { kind: 'existing', ticketNumber: 'IT-000050', via: 'in-reply-to', matchedMessageId: 'first-mail@corp.example' },
    },
    {
      name: 'the index beats the number encoded in a desk id (merged tickets)',
      given: mail({ inReplyTo: 'it-000123.ack@desk.example.com' }),
      expect: { kind: 'existing', ticketNumber: 'IT-000200', via: 'in-reply-to', matchedMessageId: 'it-000123.ack@desk.example.com' },
    },
    {
      name: 'a desk id the index does not know is decoded',
      given: mail({ inReplyTo: 'it-000321.comment-4@desk.example.com' }),
      expect: { kind: 'existing', ticketNumber: 'IT-000321', via: 'desk-message-id', matchedMessageId: 'it-000321.comment-4@desk.example.com' },
    },
    {
      name: 'References are tried newest (last) first',
      given: mail({ inReplyTo: 'unknown@elsewhere.example', references: ['older@corp.example', 'newer@corp.example'] }),
      expect: { kind: 'existing', ticketNumber: 'IT-000061', via: 'references', matchedMessageId: 'newer@corp.example' },
    },
    {
      name: 'an unknown newest reference falls back to older ones',
      given: mail({ references: ['older@corp.example', 'unknown@elsewhere.example'] }),
      expect: { kind: 'existing', ticketNumber: 'IT-000060', via: 'references', matchedMessageId: 'older@corp.example' },
    },
    {
      name: 'a desk id deep in References',
      given: mail({ references: ['it-000099.ack@desk.example.com', 'unknown@elsewhere.example'] }),
      expect: { kind: 'existing', ticketNumber: 'IT-000099', via: 'desk-message-id', matchedMessageId: 'it-000099.ack@desk.example.com' },
    },
    {
      name: 'a desk-shaped id from a foreign domain is not ours',
      given: mail({ inReplyTo: 'it-000099.ack@evil.example' }),
      expect: { kind: 'new' },
    },
    {
      name: 'no tag and no known reference opens a new ticket',
      given: mail({ subject: 'IT-000123 mentioned without brackets', references: ['unknown@elsewhere.example'] }),
      expect: { kind: 'new' },
    },
  ];
  it.each(cases)('$name', ({ given, expect: want }) => {
    expect(decideThreading(given, lookup, deskDomains)).toEqual(want);
  });

  it('threads the parsed GBK reply to the desk acknowledgement it answers', async () => {
    const reply = await parseInboundMail(readFileSync(new URL('../fixtures/mail/reply-to-desk.eml', import.meta.url)), {
      maxAttachmentBytes: 0,
    });
    expect(decideThreading(reply, { ticketByMessageId: () => null }, deskDomains)).toEqual({
      kind: 'existing',
      ticketNumber: 'IT-000123',
      via: 'desk-message-id',
      matchedMessageId: 'it-000123.ack@desk.example.com',
    });
  });
});
