// The requester's mails about workarounds and on-site visits (issue #12): subject, the note or the
// visit's time in the desk's zone and place, in both languages.
import { describe, expect, it } from 'vitest';
import { renderRequesterNotice } from '../../mail/requesterNotice';

const ticket = { number: 'IT-000123', title: '投影仪无信号', priority: 'P3', resolutionDueAt: null };
const visit = { scheduledAt: '2026-12-02T02:00:00Z', place: '3 楼 301 会议室', engineerName: '陈杰', rescheduled: false };

describe('workaround and visit notices', () => {
  const cases = [
    { name: 'a workaround in Chinese', kind: 'workaround', language: 'zh-CN', given: { workaround: { kind: 'workaround', note: '先用 HDMI 直连' } }, subject: '[IT-000123] 临时解决方案：投影仪无信号', contains: ['先用 HDMI 直连', '彻底解决后'] },
    { name: 'a containment in English', kind: 'workaround', language: 'en', given: { workaround: { kind: 'containment', note: 'The infected PC is off the network' } }, subject: '[IT-000123] Contained: 投影仪无信号', contains: ['has been contained', 'The infected PC is off the network'] },
    { name: 'a booked visit, in the desk zone', kind: 'visitBooked', language: 'zh-CN', given: { visit }, subject: '[IT-000123] 已安排上门服务：投影仪无信号', contains: ['时间：2026-12-02 10:00 (Asia/Shanghai)', '地点：3 楼 301 会议室', '工程师：陈杰'] },
    { name: 'a moved visit with its reason', kind: 'visitBooked', language: 'en', given: { visit: { ...visit, rescheduled: true, reason: 'the requester is out until 2 pm' } }, subject: '[IT-000123] On-site visit rescheduled: 投影仪无信号', contains: ['has been moved (the requester is out until 2 pm)', 'When: 2026-12-02 10:00 (Asia/Shanghai)'] },
    { name: 'a cancelled visit', kind: 'visitCancelled', language: 'zh-CN', given: { visit: { ...visit, reason: '远程已解决' } }, subject: '[IT-000123] 上门服务已取消：投影仪无信号', contains: ['2026-12-02 10:00 (Asia/Shanghai)', '原因：远程已解决'] },
  ] as const;
  it.each(cases)('$name', ({ kind, language, given, subject, contains }) => {
    const rendered = renderRequesterNotice(kind, { ...ticket, ...given }, { language, timeZone: 'Asia/Shanghai', deskName: 'IT 服务台' });
    expect(rendered.subject).toBe(subject);
    for (const part of contains) expect(rendered.text).toContain(part);
  });
});
