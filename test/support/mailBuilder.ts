// Builds raw RFC 5322 mails for the mail-channel tests: UTF-8 text, RFC 2047 subjects and names,
// and whatever threading or loop headers a scenario needs.
export interface TestMail {
  from: string;
  fromName?: string;
  to?: string;
  subject: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  body: string;
  headers?: Record<string, string>;
}

const word = (text: string) => (/^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`);

export function buildMail(mail: TestMail): Buffer {
  const lines = [
    `From: ${mail.fromName ? `${word(mail.fromName)} ` : ''}<${mail.from}>`,
    `To: ${mail.to ?? 'helpdesk@corp.example'}`,
    `Subject: ${word(mail.subject)}`,
    ...(mail.messageId ? [`Message-ID: <${mail.messageId}>`] : []),
    ...(mail.inReplyTo ? [`In-Reply-To: <${mail.inReplyTo}>`] : []),
    ...(mail.references?.length ? [`References: ${mail.references.map((r) => `<${r}>`).join(' ')}`] : []),
    'Date: Tue, 29 Sep 2026 09:15:00 +0800',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    ...Object.entries(mail.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
    '',
    ...(Buffer.from(mail.body.replace(/\r?\n/g, '\r\n'), 'utf8').toString('base64').match(/.{1,76}/g) ?? []),
    '',
  ];
  return Buffer.from(lines.join('\r\n'));
}
