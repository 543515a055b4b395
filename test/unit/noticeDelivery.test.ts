// Which failed sends a retry can fix: every kind of failure nodemailer reports, one row each.
// The same activities against a real SMTP server: test/integration/noticeDelivery.test.ts.
import { describe, expect, it } from 'vitest';
import { deliverNotice, isPermanentSendFailure } from '../../activities/noticeDelivery';
import { InvalidDeskMessageIdInputError } from '../../mail/messageId';

const smtpError = (fields: Record<string, unknown>) => Object.assign(new Error('send failed'), fields);

describe('permanent or not', () => {
  const cases = [
    { given: '550 mailbox unavailable', err: smtpError({ code: 'EENVELOPE', command: 'RCPT TO', responseCode: 550, response: '550 5.1.1 User unknown' }), permanent: true },
    { given: '553 mailbox name not allowed', err: smtpError({ code: 'EENVELOPE', command: 'RCPT TO', responseCode: 553 }), permanent: true },
    { given: '554 message rejected after DATA', err: smtpError({ code: 'EMESSAGE', command: 'DATA', responseCode: 554 }), permanent: true },
    { given: 'no recipients at all', err: smtpError({ code: 'EENVELOPE' }), permanent: true },
    { given: 'a message that cannot be built', err: smtpError({ code: 'EMESSAGE' }), permanent: true },
    { given: 'a desk Message-ID that cannot be made', err: new InvalidDeskMessageIdInputError('not a mail domain: "localhost"'), permanent: true },
    { given: '421 service not available', err: smtpError({ code: 'EENVELOPE', responseCode: 421 }), permanent: false },
    { given: '450 mailbox busy', err: smtpError({ code: 'EENVELOPE', responseCode: 450 }), permanent: false },
    { given: '452 insufficient storage', err: smtpError({ code: 'EMESSAGE', responseCode: 452 }), permanent: false },
    { given: 'a refused connection', err: smtpError({ code: 'ESOCKET', errno: -111 }), permanent: false },
    { given: 'a connection timeout', err: smtpError({ code: 'ETIMEDOUT' }), permanent: false },
    { given: 'failed authentication (an admin fixes the password, then all waiting notices go)', err: smtpError({ code: 'EAUTH', command: 'AUTH PLAIN', responseCode: 535 }), permanent: false },
    { given: "the desk's sender address refused at MAIL FROM", err: smtpError({ code: 'EENVELOPE', command: 'MAIL FROM', responseCode: 550 }), permanent: false },
    { given: 'anything else', err: new TypeError('boom'), permanent: false },
    { given: 'not an error at all', err: 'boom', permanent: false },
  ];
  it.each(cases)('$given: permanent $permanent', ({ err, permanent }) => {
    expect(isPermanentSendFailure(err)).toBe(permanent);
  });
});

describe('deliverNotice', () => {
  it('turns a permanent failure into a non-retryable UndeliverableNotice naming the notice', async () => {
    const failed = deliverNotice('the ack notice of IT-000001', () => Promise.reject(smtpError({ code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 User unknown' })));
    await expect(failed).rejects.toMatchObject({
      type: 'UndeliverableNotice',
      nonRetryable: true,
      message: 'the ack notice of IT-000001 cannot be delivered: 550 5.1.1 User unknown',
    });
  });

  it('passes a transient failure on as it is, so the activity is retried', async () => {
    const transient = smtpError({ code: 'ETIMEDOUT' });
    await expect(deliverNotice('x', () => Promise.reject(transient))).rejects.toBe(transient);
  });

  it('returns what the send returned', async () => {
    expect(await deliverNotice('x', async () => ({ messageId: 'm' }))).toEqual({ messageId: 'm' });
  });
});
