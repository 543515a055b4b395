import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { InboundMailSchema } from '../../mail/inboundMail';
import { MailParseError, parseInboundMail } from '../../mail/parse';
import { prepareRawMail } from '../../mail/prepareRawMail';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/mail/${name}`, import.meta.url));
const parse = (name: string, maxAttachmentBytes = 1024 * 1024) => parseInboundMail(fixture(name), { maxAttachmentBytes });

describe('parseInboundMail: charsets', () => {
  const cases = [
    {
      given: 'gbk-subject-body.eml',
      expect: {
        subject: '三楼打印机无法打印，显示“脱机”',
        fromName: '张三',
        bodyIncludes: '三楼东区的打印机今天早上开始显示“脱机”',
      },
    },
    {
      given: 'gb2312-quoted-printable.eml',
      // 镕 is a GBK character sent under a gb2312 label, as real mailers do.
      expect: { subject: '申请开通VPN账号', fromName: '王五', bodyIncludes: '审批人朱镕。' },
    },
    {
      given: 'gb18030.eml',
      expect: { subject: '生僻字㐀姓名无法录入人事系统', fromName: '赵六', bodyIncludes: '“㐀”，人事系统提示非法字符。😀' },
    },
    {
      given: 'big5-attachments.eml',
      expect: { subject: '網路設定問題', fromName: '陳大文', bodyIncludes: '附件是網路設定截圖與記錄檔。' },
    },
    {
      given: 'raw-8bit-gbk-headers.eml',
      expect: { subject: '回复：显示器黑屏', fromName: '钱七', bodyIncludes: '显示器开机后黑屏' },
    },
  ];
  it.each(cases)('decodes subject, sender name and body of $given', async ({ given, expect: want }) => {
    const mail = await parse(given);
    expect(mail.subject).toBe(want.subject);
    expect(mail.from?.name).toBe(want.fromName);
    expect(mail.text).toContain(want.bodyIncludes);
  });

  it('decodes attachment names in Big5 (RFC 2231 and RFC 2047) and GBK', async () => {
    const mail = await parse('big5-attachments.eml');
    expect(mail.attachments.map((a) => a.filename)).toEqual(['網路設定.docx', '錯誤記錄.txt', '网络拓扑图.pdf']);
  });
});

describe('parseInboundMail: 8-bit text that declares no charset', () => {
  const cases = [
    {
      given: 'undeclared-gbk-body.eml',
      expect: { subject: '共享盘打不开', fromName: '孙八', text: '您好，财务部的共享盘从今天早上开始打不开，提示“找不到网络路径”。\n麻烦尽快处理，谢谢！\n', files: [] },
    },
    {
      // The file name's bytes also read as common GBK characters; the Big5 body settles it.
      given: 'undeclared-big5-multipart.eml',
      expect: { subject: '印表機無法列印', fromName: '陳小明', text: '您好，三樓的印表機從昨天開始無法列印，顯示卡紙，但是打開以後沒有看到任何紙張。附件是報價單。\n', files: ['報價單.xlsx'] },
    },
    {
      given: 'raw-shift-jis-subject.eml',
      expect: { subject: '会議室のプロジェクター故障', fromName: '山田太郎', text: 'The projector in room 5A shows no picture.\n', files: [] },
    },
    {
      given: 'undeclared-latin1.eml',
      expect: { subject: 'Drucker im 3. Stock prüfen', fromName: 'Jürgen Müller', text: 'Der Drucker druckt seit heute Morgen nicht mehr. Können Sie bitte jemanden schicken?\nGrüße, Jürgen\n', files: [] },
    },
    {
      // Gateways wrap raw bytes as encoded words and RFC 2231 values labelled unknown-8bit (or nothing).
      given: 'unknown-8bit-labels.eml',
      expect: { subject: '报价单打不开', fromName: '刘一', text: '附件里的报价单打不开，提示文件已损坏。\n', files: ['报价单.xlsx', '报价单.xlsx'] },
    },
    {
      given: 'raw-8bit-filenames.eml',
      expect: { subject: '合同附件打不开', fromName: '周九', text: '附件里的合同和截图都打不开。\n', files: ['采购合同.pdf', '截图.png', 'エラーログ.txt'] },
    },
  ];
  it.each(cases)('reads subject, sender, body and file names of $given', async ({ given, expect: want }) => {
    const mail = await parse(given);
    expect({ subject: mail.subject, fromName: mail.from?.name, text: mail.text, files: mail.attachments.map((a) => a.filename) }).toEqual(want);
  });

  it('leaves attachment bytes alone: a text attachment in Shift_JIS keeps its content and checksum', async () => {
    const mail = await parse('raw-8bit-filenames.eml');
    const log = mail.attachments.find((a) => a.filename === 'エラーログ.txt')!;
    const bytes = Buffer.from(log.contentBase64!, 'base64');
    expect(iconv.decode(bytes, 'shift_jis')).toBe('エラー: 接続できません\n');
    expect(log.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('leaves a mail that declares its charsets byte for byte as it was', async () => {
    const raw = fixture('big5-attachments.eml');
    expect(await prepareRawMail(raw)).toBe(raw);
  });
});

describe('parseInboundMail: uuencoded files', () => {
  const spoolerLog = '2026-11-27 09:00:01 ERROR spooler: printer HP-M479 offline (0x8007007e)\n'.repeat(3);
  const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

  it('decodes x-uuencode parts, naming a file by its begin line when the headers do not', async () => {
    const mail = await parse('uuencode-parts.eml');
    expect(mail.text).toBe('The spooler log and a screenshot are attached.\n');
    const [log, screen] = mail.attachments;
    expect(log).toMatchObject({ filename: 'spooler.log', sizeBytes: spoolerLog.length, sha256: sha256(Buffer.from(spoolerLog)) });
    expect(Buffer.from(log.contentBase64!, 'base64').toString()).toBe(spoolerLog);
    expect(screen).toMatchObject({ filename: 'screen.png', sizeBytes: 70 });
    expect(Buffer.from(screen.contentBase64!, 'base64').subarray(1, 4).toString()).toBe('PNG');
  });

  it('takes files uuencoded into the text body out of the text and makes them attachments', async () => {
    const mail = await parse('uuencode-inline.eml');
    expect(mail.text).toBe('Hello,\nthe printer on floor 3 stopped again. Log below.\n\n[附件 / attachment: spooler.log]\n\nRegards,\nOld Mailer\n');
    expect(mail.attachments).toEqual([
      { filename: 'spooler.log', contentType: 'application/octet-stream', sizeBytes: spoolerLog.length, inline: false, sha256: sha256(Buffer.from(spoolerLog)), tooLarge: false, contentBase64: Buffer.from(spoolerLog).toString('base64') },
    ]);
  });
});

describe('parseInboundMail: identity and addresses', () => {
  it('normalises the Message-ID: no brackets, lowercased domain, local part as sent', async () => {
    const mail = await parse('gbk-subject-body.eml');
    expect(mail.messageId).toBe('20261125091500.A1B2@mail.corp.example');
    expect(mail.syntheticMessageId).toBe(false);
  });

  it('lowercases addresses and keeps display names', async () => {
    const mail = await parse('gbk-subject-body.eml');
    expect(mail.from).toEqual({ name: '张三', address: 'zhang.san@corp.example' });
    expect(mail.to).toEqual([{ name: 'IT服务台', address: 'servicedesk@corp.example' }]);
    expect(mail.cc).toEqual([{ name: '', address: 'li.si@corp.example' }]);
    expect(mail.replyTo).toEqual([]);
  });

  it('turns the Date header into an ISO instant', async () => {
    expect((await parse('gbk-subject-body.eml')).date).toBe('2026-11-25T01:15:00.000Z');
  });

  it('reads In-Reply-To and folded References, oldest first, in normal form', async () => {
    const mail = await parse('reply-to-desk.eml');
    expect(mail.inReplyTo).toBe('it-000123.ack@desk.example.com');
    expect(mail.references).toEqual(['20261125091500.A1B2@mail.corp.example', 'it-000123.ack@desk.example.com']);
  });

  it('gives a mail without Message-ID a stable synthetic id from its bytes', async () => {
    const first = await parse('no-message-id.eml');
    const again = await parse('no-message-id.eml');
    expect(first.syntheticMessageId).toBe(true);
    expect(first.messageId).toMatch(/^sha256-[0-9a-f]{64}@synthetic\.itdesk\.invalid$/);
    expect(again.messageId).toBe(first.messageId);
  });

  it('gives two different mails without Message-ID different synthetic ids', async () => {
    const raw = fixture('no-message-id.eml').toString('utf8');
    const other = await parseInboundMail(Buffer.from(raw.replace('E-203', 'E-204')), { maxAttachmentBytes: 0 });
    expect(other.messageId).not.toBe((await parse('no-message-id.eml')).messageId);
  });

  it('returns null for a missing Date rather than inventing one', async () => {
    const raw = Buffer.from('From: a@corp.example\r\nSubject: x\r\n\r\nbody\r\n');
    expect((await parseInboundMail(raw, { maxAttachmentBytes: 0 })).date).toBeNull();
  });
});

describe('parseInboundMail: bodies', () => {
  it('turns an HTML-only body into plain text without script, style or title', async () => {
    const mail = await parse('html-only-script.eml');
    expect(mail.textFromHtml).toBe(true);
    expect(mail.text).toBe(
      [
        '您好，',
        '我的邮箱今天无法登录 & 提示<密码错误>。',
        '已尝试：',
        '1. 重置密码',
        '2. 换浏览器',
        '- 电脑：ThinkPad T14',
        '- 系统：Windows 11',
        '谢谢 ☺',
      ].join('\n'),
    );
    for (const hidden of ['alert', 'document.write', 'color: red', 'ignored title', 'tracking']) {
      expect(mail.text).not.toContain(hidden);
    }
  });

  it('prefers the plain text part of multipart/alternative', async () => {
    const mail = await parse('multipart-alternative.eml');
    expect(mail.textFromHtml).toBe(false);
    expect(mail.text).toBe('Outlook 一直弹出密码框。\nSince this morning.\n');
  });
});

describe('parseInboundMail: attachments', () => {
  it('marks a cid-referenced image as inline with its Content-ID', async () => {
    const [image] = (await parse('inline-image.eml')).attachments;
    expect(image).toMatchObject({
      filename: 'bsod.png',
      contentType: 'image/png',
      inline: true,
      contentId: 'bsod-001@corp.example',
      tooLarge: false,
    });
    expect(Buffer.from(image.contentBase64 ?? '', 'base64').subarray(1, 4).toString()).toBe('PNG');
  });

  const sizeCases = [
    { given: { maxAttachmentBytes: 4096 }, expect: { tooLarge: false, hasContent: true } },
    { given: { maxAttachmentBytes: 4095 }, expect: { tooLarge: true, hasContent: false } },
  ];
  it.each(sizeCases)('keeps a 4096-byte attachment content only within the limit ($given.maxAttachmentBytes)', async ({ given, expect: want }) => {
    const mail = await parseInboundMail(fixture('inline-image.eml'), given);
    const zip = mail.attachments.find((a) => a.filename === 'memory.dmp.zip');
    expect(zip).toMatchObject({ sizeBytes: 4096, inline: false, tooLarge: want.tooLarge });
    expect(zip?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect('contentBase64' in (zip ?? {})).toBe(want.hasContent);
  });
});

describe('parseInboundMail: headers for loop detection', () => {
  const cases = [
    {
      given: 'out-of-office.eml',
      expect: { autoSubmitted: 'auto-replied', xAutoResponseSuppress: 'All', returnPath: 'li.si@corp.example' },
    },
    {
      given: 'delivery-report.eml',
      expect: { contentType: 'multipart/report', reportType: 'delivery-status', returnPath: '' },
    },
    {
      given: 'mailing-list.eml',
      expect: { listId: 'DevOps team <devops.lists.corp.example>', precedence: 'list' },
    },
    {
      given: 'gbk-subject-body.eml',
      expect: { autoSubmitted: null, precedence: null, listId: null, contentType: 'text/plain', reportType: null },
    },
  ];
  it.each(cases)('reads the loop headers of $given', async ({ given, expect: want }) => {
    expect((await parse(given)).headers).toMatchObject(want);
  });
});

describe('parseInboundMail: contract', () => {
  const names = [
    'gbk-subject-body.eml', 'gb2312-quoted-printable.eml', 'gb18030.eml', 'big5-attachments.eml',
    'html-only-script.eml', 'multipart-alternative.eml', 'inline-image.eml', 'out-of-office.eml',
    'delivery-report.eml', 'mailing-list.eml', 'reply-to-desk.eml', 'no-message-id.eml', 'raw-8bit-gbk-headers.eml',
    'undeclared-gbk-body.eml', 'undeclared-big5-multipart.eml', 'raw-shift-jis-subject.eml', 'undeclared-latin1.eml', 'raw-8bit-filenames.eml',
    'uuencode-parts.eml', 'uuencode-inline.eml', 'unknown-8bit-labels.eml',
  ];
  it.each(names)('%s survives a JSON round trip unchanged (it travels through Temporal)', async (name) => {
    const mail = await parse(name);
    const roundTripped = JSON.parse(JSON.stringify(mail));
    expect(roundTripped).toEqual(mail);
    expect(InboundMailSchema.parse(roundTripped)).toEqual(mail);
  });

  it('rejects a negative attachment limit', async () => {
    await expect(parseInboundMail(fixture('gb18030.eml'), { maxAttachmentBytes: -1 })).rejects.toThrow();
  });

  it('throws MailParseError (a permanent failure) for a mail bomb of too many MIME parts', async () => {
    const parts = Array.from({ length: 1100 }, (_, i) => `--b\r\nContent-Type: text/plain\r\n\r\np${i}\r\n`).join('');
    const raw = Buffer.from(`From: a@corp.example\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n${parts}--b--\r\n`);
    await expect(parseInboundMail(raw, { maxAttachmentBytes: 0 })).rejects.toBeInstanceOf(MailParseError);
  });
});
