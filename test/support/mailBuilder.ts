// Builds raw RFC 5322 mails for the mail-channel tests: UTF-8 text, RFC 2047 subjects and names,
// whatever threading or loop headers a scenario needs, and optionally attachments (multipart/mixed).
export interface TestAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
  /** How a non-ASCII file name is written: RFC 2231 `filename*=` (default) or RFC 2047 encoded words, as Outlook does. */
  nameEncoding?: 'rfc2231' | 'rfc2047';
}

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
  /** Without attachments the mail is a single text/plain part, as before. */
  attachments?: TestAttachment[];
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
    ...(mail.attachments?.length ? [`Content-Type: multipart/mixed; boundary="${BOUNDARY}"`] : ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64']),
    ...Object.entries(mail.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
    '',
    ...(mail.attachments?.length ? multipartBody(mail.body, mail.attachments) : [...base64Lines(Buffer.from(mail.body.replace(/\r?\n/g, '\r\n'), 'utf8')), '']),
  ];
  return Buffer.from(lines.join('\r\n'));
}

// "=_" never occurs in base64 text, so no part's content can contain the boundary.
const BOUNDARY = '=_itdesk-test-boundary';

const base64Lines = (bytes: Buffer) => bytes.toString('base64').match(/.{1,76}/g) ?? [];

function multipartBody(body: string, attachments: TestAttachment[]): string[] {
  const text = [`--${BOUNDARY}`, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64', '', ...base64Lines(Buffer.from(body.replace(/\r?\n/g, '\r\n'), 'utf8'))];
  const parts = attachments.map((a) => [`--${BOUNDARY}`, ...nameHeaders(a), 'Content-Transfer-Encoding: base64', '', ...base64Lines(a.content)]);
  return [...text, ...parts.flat(), `--${BOUNDARY}--`, ''];
}

function nameHeaders(a: TestAttachment): string[] {
  if (/^[\x20-\x7e]*$/.test(a.filename) && !a.filename.includes('"'))
    return [`Content-Type: ${a.contentType}; name="${a.filename}"`, `Content-Disposition: attachment; filename="${a.filename}"`];
  if (a.nameEncoding === 'rfc2047') return [`Content-Type: ${a.contentType}; name="${word(a.filename)}"`, `Content-Disposition: attachment; filename="${word(a.filename)}"`];
  const extended = `UTF-8''${encodeURIComponent(a.filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
  return [`Content-Type: ${a.contentType}; name*=${extended}`, `Content-Disposition: attachment; filename*=${extended}`];
}
