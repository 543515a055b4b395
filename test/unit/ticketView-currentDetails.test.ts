// The Temporal UI's summary of a running ticket (workflow current details): what an operator
// reads first in the web UI. Issue #12's milestones and visits show there too.
import { describe, expect, it } from 'vitest';
import type { TicketView } from '../../ticket/state';
import { currentDetails } from '../../workflows/ticketView';

const base = {
  number: 'IT-000042',
  intake: { title: '会议室投影仪无信号', requester: { name: '张三', email: 'zhang.san@corp.example' } },
  status: 'in_progress',
  priority: 'P2',
  category: 'hardware',
  group: 'desktop',
  assignee: 'chen.jie',
  sla: [{ name: 'resolution', state: 'met', dueAt: '2026-12-01T10:00:00Z', breached: false }],
} as unknown as TicketView;
const by = { role: 'agent', id: 'chen.jie' };

describe('currentDetails', () => {
  const cases: Array<{ name: string; extra: Partial<TicketView>; says: string[]; saysNot: string[] }> = [
    { name: 'a plain ticket', extra: {}, says: ['**IT-000042** 会议室投影仪无信号', 'status **in_progress**', '| resolution | met |'], saysNot: ['workaround', 'on-site visit'] },
    {
      name: 'the latest workaround, and whether it met the resolution clock',
      extra: {
        workarounds: [
          { id: 1, kind: 'containment', note: '先借用便携投影仪', at: '2026-12-01T08:00:00Z', by, metResolution: false },
          { id: 2, kind: 'workaround', note: '改用 HDMI 转接头', at: '2026-12-01T09:00:00Z', by, metResolution: true },
        ],
      } as Partial<TicketView>,
      says: ['workaround 2026-12-01T09:00:00Z (met the resolution clock): 改用 HDMI 转接头'],
      saysNot: ['先借用便携投影仪'],
    },
    {
      name: 'a booked visit, not one that is over',
      extra: {
        visits: [
          { id: 1, scheduledAt: '2026-12-01T06:00:00Z', place: 'A 座 3 楼', site: 'same-site', engineer: null, bookedAt: '2026-12-01T05:00:00Z', bookedBy: by, status: 'rescheduled' },
          { id: 2, scheduledAt: '2026-12-01T07:00:00Z', place: 'B2 会议室', site: 'same-site', engineer: 'liu.yang', bookedAt: '2026-12-01T05:30:00Z', bookedBy: by, status: 'booked', replaces: 1 },
        ],
      } as Partial<TicketView>,
      says: ['on-site visit **booked** for 2026-12-01T07:00:00Z at B2 会议室 (same-site) · engineer liu.yang'],
      saysNot: ['A 座 3 楼'],
    },
  ];
  it.each(cases)('shows $name', ({ extra, says, saysNot }) => {
    const text = currentDetails({ ...base, ...extra } as TicketView);
    for (const words of says) expect(text).toContain(words);
    for (const words of saysNot) expect(text).not.toContain(words);
  });
});
