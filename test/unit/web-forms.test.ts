// The portal's request form, languages, desk times and what a requester may see: pure rules.
import { describe, expect, it } from 'vitest';
import { formatDeskTime, formatSpan } from '../../web/deskTime';
import { langFromAcceptLanguage } from '../../web/i18n';
import { intakeFromForm, parseLocalDateTime } from '../../web/portal/submitForm';
import { requesterView } from '../../web/requesterView';

const requester = { name: '张三', email: 'alice@corp.example', department: '财务部' };
const complete = { title: 'VPN 连不上', description: '在家无法连接', impact: 'individual', urgency: 'high' };

describe('the request form', () => {
  const cases = [
    { given: {}, expect: ['title', 'description', 'impact', 'urgency'] },
    { given: { ...complete, title: '' }, expect: ['title'] },
    { given: { ...complete, impact: 'galaxy' }, expect: ['impact'] },
    { given: { ...complete, occurredAt: 'yesterday' }, expect: ['occurredAt'] },
    { given: { ...complete, title: 'x'.repeat(301) }, expect: ['title'] },
    { given: complete, expect: [] },
  ];
  it.each(cases)('lists what is missing: $expect', ({ given, expect: want }) => {
    const result = intakeFromForm(given, requester, 'Asia/Shanghai');
    expect(result.ok ? [] : result.problems.map((p) => p.field)).toEqual(want);
  });

  it('builds the intake with the manuals\' facts, times read in the desk zone', () => {
    const result = intakeFromForm({ ...complete, occurredAt: '2026-11-25T14:30', reproducible: 'yes', affectedSystem: 'VPN', phone: '8001' }, requester, 'Asia/Shanghai');
    expect(result.ok && result.intake).toMatchObject({
      requester: { name: '张三', email: 'alice@corp.example', department: '财务部', phone: '8001' },
      channel: 'api',
      occurredAt: '2026-11-25T14:30:00+08:00',
      reproducible: true,
      affectedSystem: 'VPN',
      impact: 'individual',
      urgency: 'high',
    });
  });

  const times = [
    { given: '2026-11-25 14:30', expect: '2026-11-25T14:30:00+08:00' },
    { given: '2026-02-30T10:00', expect: null },
    { given: '2026-11-25T24:00', expect: null },
  ];
  it.each(times)('reads $given in the desk zone', ({ given, expect: want }) => {
    expect(parseLocalDateTime(given, 'Asia/Shanghai')).toBe(want);
  });
});

describe('languages', () => {
  const cases = [
    { given: 'zh-CN,zh;q=0.9,en;q=0.8', expect: 'zh-CN' },
    { given: 'en-GB,en;q=0.9', expect: 'en' },
    { given: 'fr-FR, en;q=0.5, zh;q=0.7', expect: 'zh-CN' },
    { given: 'zh-TW', expect: 'zh-CN' },
    { given: 'de, fr', expect: undefined },
    { given: undefined, expect: undefined },
  ];
  it.each(cases)('Accept-Language $given → $expect', ({ given, expect: want }) => {
    expect(langFromAcceptLanguage(given)).toBe(want);
  });
});

describe('desk times', () => {
  it('shows instants in the desk zone', () => {
    expect(formatDeskTime('2026-11-25T06:30:00Z', 'Asia/Shanghai')).toBe('2026-11-25 14:30');
    expect(formatDeskTime(null, 'Asia/Shanghai')).toBe('');
  });
  const spans = [
    { given: 45, expect: '45s' },
    { given: 125, expect: '2m' },
    { given: 7500, expect: '2h 5m' },
    { given: 93_600, expect: '1d 2h' },
    { given: -600, expect: '-10m' },
  ];
  it.each(spans)('$given s → $expect', ({ given, expect: want }) => expect(formatSpan(given)).toBe(want));
});

describe('what a requester sees', () => {
  const ticket = {
    number: 'IT-000001', status: 'pending', pendingReason: 'requester', priority: 'P3', createdAt: '2026-11-25T01:00:00Z', updatedAt: '2026-11-25T03:00:00Z',
    intake: { title: 'VPN', requester: { email: 'alice@corp.example' } },
    sla: [{ name: 'response', dueAt: null }, { name: 'resolution', dueAt: '2026-11-25T09:00:00Z' }],
    comments: [
      { id: 1, at: '2026-11-25T02:00:00Z', actor: { role: 'agent', id: 'li.na' }, body: 'we look into it', visibility: 'public' },
      { id: 2, at: '2026-11-25T02:10:00Z', actor: { role: 'agent', id: 'li.na' }, body: 'SECRET: the VPN box is dying', visibility: 'internal', attachments: [{ sha256: 'a'.repeat(64), filename: 'internal.png', sizeBytes: 1 }] },
    ],
    timeline: [
      { at: '2026-11-25T02:20:00Z', actor: { role: 'agent', id: 'li.na' }, action: 'pend', reason: 'requester', detail: { note: 'Which client version?' } },
      { at: '2026-11-25T02:21:00Z', actor: { role: 'agent', id: 'li.na' }, action: 'escalate', reason: 'internal escalation' },
    ],
    escalations: [{ clock: 'response' }],
  } as any;

  it('gets the public conversation and the question, never internal notes or their files', () => {
    const view = requesterView(ticket);
    expect(view.conversation.map((e) => [e.kind, e.body])).toEqual([
      ['message', 'we look into it'],
      ['question', 'Which client version?'],
    ]);
    expect(JSON.stringify(view)).not.toContain('SECRET');
    expect(JSON.stringify(view)).not.toContain('internal');
    expect(view.resolutionDueAt).toBe('2026-11-25T09:00:00Z');
    expect(view.affectedBy).toBeUndefined();
  });

  it('names the major incident the ticket is part of, and nothing of its handling', () => {
    const affectedBy = { number: 'IT-000007', title: 'ERP 宕机', linkedAt: '2026-11-25T02:30:00Z', reason: 'SECRET: linked by li.na', broadcastsReceived: [1] };
    const view = requesterView({ ...ticket, affectedBy });
    expect(view.affectedBy).toEqual({ number: 'IT-000007', title: 'ERP 宕机' });
    expect(JSON.stringify(view)).not.toContain('SECRET');
  });
});
