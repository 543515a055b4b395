import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseInboundMail } from '../../mail/parse';
import { trimQuotedReply } from '../../mail/quote';

const lines = (...l: string[]) => l.join('\n');

describe('trimQuotedReply', () => {
  const cases = [
    {
      name: 'Gmail English attribution',
      given: lines('Still offline after restart.', '', 'On Wed, Nov 25, 2026 at 9:16 AM IT Service Desk <servicedesk@corp.example> wrote:', '> Your request was received.'),
      expect: 'Still offline after restart.',
    },
    {
      name: 'attribution wrapped over two lines',
      given: lines('Still offline.', '', 'On Wed, Nov 25, 2026 at 9:16 AM IT Service Desk <', 'servicedesk@corp.example> wrote:', '> Your request was received.'),
      expect: 'Still offline.',
    },
    {
      name: '网易 "在 ... 写道："',
      given: lines('重启后还是脱机。', '', '在 2026年11月25日 09:16，IT服务台 <servicedesk@corp.example> 写道：', '> 您的请求已受理。'),
      expect: '重启后还是脱机。',
    },
    {
      name: 'Gmail 中文 "于 ... 写道："',
      given: lines('好的，谢谢。', '', 'IT服务台 <servicedesk@corp.example> 于2026年11月25日周三 09:16写道：', '', '> 您的请求已受理。'),
      expect: '好的，谢谢。',
    },
    {
      name: '繁體 "寫道："',
      given: lines('已經重新開機。', '', '在 2026年11月25日 下午2:00，IT服務台 寫道：', '> 請重新開機。'),
      expect: '已經重新開機。',
    },
    {
      name: 'Outlook -----Original Message-----',
      given: lines('Please close the ticket.', '', '-----Original Message-----', 'From: IT Service Desk', 'Sent: Wednesday, November 25, 2026 9:16 AM', 'Subject: [IT-000123] resolved'),
      expect: 'Please close the ticket.',
    },
    {
      name: 'Foxmail / 腾讯企业邮 -----原始邮件-----',
      given: lines('问题已解决，可以关闭。', '', '------------------ 原始邮件 ------------------', '发件人: "IT服务台"<servicedesk@corp.example>;', '发送时间: 2026年11月25日(星期三) 上午9:16'),
      expect: '问题已解决，可以关闭。',
    },
    {
      name: 'Outlook 中文 -----邮件原件-----',
      given: lines('收到。', '-----邮件原件-----', '发件人: IT服务台'),
      expect: '收到。',
    },
    {
      name: 'Outlook 中文 header block after an underscore line',
      given: lines('打印机已恢复。', '', '________________________________', '发件人: IT服务台 <servicedesk@corp.example>', '发送时间: 2026年11月25日 9:16', '收件人: 张三 <zhang.san@corp.example>', '主题: [IT-000123] 已受理', '', '您的请求已受理。'),
      expect: '打印机已恢复。',
    },
    {
      name: 'Outlook English header block',
      given: lines('Thanks, works now.', '', 'From: IT Service Desk <servicedesk@corp.example>', 'Sent: Wednesday, November 25, 2026 9:16 AM', 'To: Zhou Ba', 'Subject: RE: [IT-000123] Outlook password', '', 'Please try again.'),
      expect: 'Thanks, works now.',
    },
    {
      name: 'a lone From: line in the text is not a header block',
      given: lines('From: the 3rd floor printer room', 'the paper jams again.'),
      expect: lines('From: the 3rd floor printer room', 'the paper jams again.'),
    },
    {
      name: 'interleaved answers keep the answers, drop the quoted lines',
      given: lines('> 打印机型号？', 'HP M479', '> 是否已重启？', '已重启两次'),
      expect: lines('HP M479', '已重启两次'),
    },
    {
      name: 'signature delimiter "-- "',
      given: lines('VPN works again.', '', '-- ', 'Zhou Ba', 'Finance, ext. 8123'),
      expect: 'VPN works again.',
    },
    {
      name: 'mobile footer after the reply',
      given: lines('好的', '', '发自我的iPhone', '', '在 2026年11月25日 09:16，IT服务台 写道：', '> 已受理'),
      expect: '好的',
    },
    {
      name: 'a mail of nothing but quoted text is kept whole',
      given: lines('> 您的请求已受理。', '> 工程师会尽快联系您。'),
      expect: lines('> 您的请求已受理。', '> 工程师会尽快联系您。'),
    },
    {
      name: 'a mail starting with an attribution is kept whole',
      given: lines('On Wed, Nov 25, 2026 at 9:16 AM IT Service Desk wrote:', '> 已受理', ''),
      expect: lines('On Wed, Nov 25, 2026 at 9:16 AM IT Service Desk wrote:', '> 已受理'),
    },
    {
      name: 'CRLF line endings',
      given: 'Fixed.\r\n\r\n-----Original Message-----\r\nFrom: desk\r\n',
      expect: 'Fixed.',
    },
    {
      name: 'a plain message without quotes is unchanged (trimmed)',
      given: '\n显示器开机后黑屏，电源灯亮。\n\n已换过电源线。\n',
      expect: '显示器开机后黑屏，电源灯亮。\n\n已换过电源线。',
    },
  ];
  it.each(cases)('$name', ({ given, expect: want }) => {
    expect(trimQuotedReply(given)).toBe(want);
  });

  it('keeps only the new part of the parsed GBK reply fixture', async () => {
    const reply = await parseInboundMail(readFileSync(new URL('../fixtures/mail/reply-to-desk.eml', import.meta.url)), {
      maxAttachmentBytes: 0,
    });
    expect(trimQuotedReply(reply.text)).toBe('重启后还是脱机，打印机型号是 HP M479。');
  });
});
