// Tiers, dispatch and the response team (issue #12) on a real desk: the dispatch table picks the
// engineer by seniority, "escalate to the next tier" moves a ticket up its category's ladder (by
// an agent, and by an escalation level), and a helper finds the ticket in their own queue.
// Its own groups and members (tir-*), so no other file's counts or turns are disturbed.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { findTemporalCli } from '../../temporal/cliBinary';
import { fastSlaYaml } from '../support/fastSla';
import { alice, startTestDesk, waitUntil, type TestDesk } from '../support/testDesk';
import { signIn } from '../support/webDesk';

const contact = '{ name: TIR lead, email: tir-lead@corp.example }';
const member = (id: string, seniority?: string) => `      - { id: ${id}, name: ${id}, email: ${id}@corp.example${seniority ? `, seniority: ${seniority}` : ''} }`;
const groupsYaml = `${readFileSync('config/groups.yaml', 'utf8')}
  tir-l1:
    name: TIR service desk
    tier: L1
    escalationContact: ${contact}
    members:
${member('tir.junior', 'junior')}
${member('tir.desk')}
${member('tir.senior', 'senior')}
  tir-l2:
    name: TIR specialists
    tier: L2
    escalationContact: ${contact}
    members:
${member('tir.second')}
${member('tir.expert', 'senior')}
  tir-l3:
    name: TIR experts
    tier: L3
    escalationContact: ${contact}
    members:
${member('tir.guru', 'senior')}
`;
const categoriesYaml = readFileSync('config/categories.yaml', 'utf8').replace(
  'defaultCategory: other',
  `  tir-kit:
    label: { zh-CN: 测试设备, en: Test kit }
    group: tir-l1
    tiers: [tir-l1, tir-l2, tir-l3]
  tir-auto:
    label: { zh-CN: 自动升级, en: Auto tier }
    group: tir-l1
    tiers: [tir-l1, tir-l2]
defaultCategory: other`,
);
const fewestOpen = (ids: string[]) => `{ strategy: fewest-open, members: [${ids.map((id) => `{ id: ${id} }`).join(', ')}] }`;
const routingYaml = readFileSync('config/routing.yaml', 'utf8').replace(
  '\nassignment:\n',
  `\nassignment:
  tir-l1: ${fewestOpen(['tir.junior', 'tir.desk', 'tir.senior'])}
  tir-l2: ${fewestOpen(['tir.second', 'tir.expert'])}
  tir-l3: ${fewestOpen(['tir.guru'])}
`,
);
const targets = { P1: 'response: 1h, resolution: 2h', P2: 'response: 1h, resolution: 4h', P3: 'response: 1h, resolution: 8h', P4: 'response: 4h, resolution: 8h' };
// Tickets of category tir-auto breach their response target after 2 s and go up a tier.
const slaYaml = fastSlaYaml(targets).replace('overrides: []', 'overrides:\n  - { when: { category: tir-auto }, policy: tiered }') +
  `  tiered:
    targets:
${Object.entries({ ...targets, P3: 'response: 2s, resolution: 8h' }).map(([p, t]) => `      ${p}: { calendar: always, ${t} }`).join('\n')}
    escalation:
      response:
        - { at: 100%, escalateTier: true }
      resolution: []
      update: []
`;

let desk: TestDesk;
beforeAll(async () => {
  desk = await startTestDesk('tiers', { 'groups.yaml': groupsYaml, 'categories.yaml': categoriesYaml, 'routing.yaml': routingYaml, 'sla.yaml': slaYaml }, 'TIR');
});
afterAll(async () => desk?.stop());

const open = async (title: string, extra: Record<string, unknown> = {}) => {
  const res = await desk.api('POST', '/api/tickets', { body: { requester: alice, title, category: 'tir-kit', ...extra } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
};
const read = async (number: string) => (await desk.api('GET', `/api/tickets/${number}`)).body;
/** A hand-over is two steps (group moves, then the new group's strategy picks): wait for both. */
const settledIn = (number: string, group: string) =>
  waitUntil(`${number} settled in ${group}`, async () => {
    const ticket = await read(number);
    const assigned = ticket.assignee || ticket.timeline.some((t: any) => t.action === 'assign-skipped' && t.at >= (ticket.timeline.findLast((e: any) => e.action === 'escalateTier')?.at ?? ''));
    return ticket.group === group && assigned ? ticket : undefined;
  });

describe('dispatch by seniority', () => {
  it('gives a P1 to the senior engineer and a P4 to the junior, and says why', async () => {
    const p1 = await open('TIR 样机全部无法启动', { priority: 'P1' });
    expect(p1).toMatchObject({ priority: 'P1', group: 'tir-l1', assignee: 'tir.senior' });
    const p1Assign = p1.timeline.find((t: any) => t.action === 'assign');
    expect(p1Assign.reason).toMatch(/^dispatch P1 → senior: /);
    expect(p1Assign.detail.dispatch).toEqual({ priority: 'P1', wanted: 'senior', used: 'senior' });

    const p4 = await open('TIR 样机怎么设置语言', { impact: 'individual', urgency: 'low' });
    expect(p4).toMatchObject({ priority: 'P4', group: 'tir-l1', assignee: 'tir.junior' });
    expect(p4.timeline.find((t: any) => t.action === 'assign').detail.dispatch).toEqual({ priority: 'P4', wanted: 'junior', used: 'junior' });
  });
});

describe('escalate to the next tier', () => {
  it('moves the ticket up its ladder by action, tells the previous assignee, and refuses at the top', async () => {
    const ticket = await open('TIR 样机报错 E42');
    expect(ticket).toMatchObject({ priority: 'P3', group: 'tir-l1', assignee: 'tir.desk' });

    expect((await desk.api('POST', `/api/tickets/${ticket.number}/escalate-tier`, { body: {} })).status).toBe(422); // a reason is required
    expect((await desk.api('POST', `/api/tickets/${ticket.number}/escalate-tier`, { token: 'alice', body: { reason: 'x' } })).status).toBe(403);

    const up = await desk.api('POST', `/api/tickets/${ticket.number}/escalate-tier`, { body: { reason: '一线无法复现，需要专家' } });
    expect(up.status, JSON.stringify(up.body)).toBe(200);
    const entry = up.body.timeline.find((t: any) => t.action === 'escalateTier');
    expect(entry).toMatchObject({
      actor: { role: 'agent', id: 'li.na' },
      reason: '一线无法复现，需要专家',
      detail: { fromGroup: 'tir-l1', fromTier: 'L1', toGroup: 'tir-l2', toTier: 'L2', previousAssignee: 'tir.desk' },
    });
    const told = await desk.smtp.waitFor((m) => m.subject?.includes(ticket.number) === true && m.envelope.rcptTo.includes('tir.desk@corp.example'), 20_000);
    expect(told.subject).toContain('tir-l2');
    // P3 in L2: the desk engineer there, not the senior.
    expect(await settledIn(ticket.number, 'tir-l2')).toMatchObject({ assignee: 'tir.second', status: 'assigned' });

    await desk.api('POST', `/api/tickets/${ticket.number}/escalate-tier`, { body: { reason: '需要厂商级专家' } });
    // L3 has only a senior: P3 falls back to them, and the reason says so.
    const top = await settledIn(ticket.number, 'tir-l3');
    expect(top.assignee).toBe('tir.guru');
    expect(top.timeline.findLast((t: any) => t.action === 'assign').reason).toMatch(/no desk engineer in 'tir-l3'; fell back to senior/);

    const refused = await desk.api('POST', `/api/tickets/${ticket.number}/escalate-tier`, { body: { reason: '还要再升' } });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toBe('no next tier: tir-l3 (L3) is the top of the tir-kit ladder (tir-l1 → tir-l2 → tir-l3)');
    expect((await read(ticket.number)).timeline.filter((t: any) => t.action === 'escalateTier')).toHaveLength(2);
  });

  it('moves the ticket up a tier when an escalation level says escalateTier, once', async () => {
    const ticket = await open('TIR 自动转交测试', { category: 'tir-auto' });
    expect(ticket).toMatchObject({ group: 'tir-l1', assignee: 'tir.desk' });
    const moved = await waitUntil(
      'the breach moves the ticket to tir-l2 and a member there takes it',
      async () => {
        const now = await read(ticket.number);
        return now.group === 'tir-l2' && now.assignee ? now : undefined;
      },
      30_000,
    );
    expect(moved.assignee).toBe('tir.second');
    const entries = moved.timeline.filter((t: any) => t.action === 'escalateTier');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor: { role: 'system' }, reason: 'escalation level response 100%', detail: { fromGroup: 'tir-l1', toGroup: 'tir-l2', toTier: 'L2' } });
    expect(moved.timeline.filter((t: any) => t.action === 'breach')).toHaveLength(1);
  });
});

describe('the response team', () => {
  it('adds a helper who is mailed and finds the ticket in their queue; removes them again', async () => {
    const ticket = await open('TIR 样机数据迁移');
    expect(ticket.assignee).toBe('tir.desk');
    const path = `/api/tickets/${ticket.number}`;

    expect((await desk.api('POST', `${path}/helpers`, { body: { helper: 'nobody.here' } })).body.errors).toEqual([
      { path: 'helper', message: "'nobody.here' is not a member of any group in groups.yaml" },
    ]);
    expect((await desk.api('POST', `${path}/helpers`, { body: { helper: 'tir.desk' } })).status).toBe(422); // the owner already

    const added = await desk.api('POST', `${path}/helpers`, { body: { helper: 'tir.expert', note: '请协助数据迁移' } });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    expect(added.body).toMatchObject({ assignee: 'tir.desk', helpers: ['tir.expert'] });
    expect(added.body.timeline.find((t: any) => t.action === 'addHelper')).toMatchObject({ reason: '请协助数据迁移', detail: { helper: 'tir.expert' } });
    const mail = await desk.smtp.waitFor((m) => m.subject?.includes(ticket.number) === true && m.envelope.rcptTo.includes('tir.expert@corp.example'), 20_000);
    expect(mail.parsed.text).toContain('the owner is tir.desk');
    expect((await desk.api('POST', `${path}/helpers`, { body: { helper: 'tir.expert' } })).status).toBe(422); // already helping

    const helperQueue = () => desk.api('GET', '/api/tickets?assignee=tir.expert');
    const listed = await waitUntil('the ticket in the helper queue', async () => {
      const items = (await helperQueue()).body.items as Array<{ number: string; helpers?: string[]; assignee: string }>;
      return items.find((t) => t.number === ticket.number);
    });
    expect(listed).toMatchObject({ assignee: 'tir.desk', helpers: ['tir.expert'] });
    // The owner's queue still has it too.
    expect((await desk.api('GET', '/api/tickets?assignee=tir.desk')).body.items.map((t: any) => t.number)).toContain(ticket.number);

    const removed = await desk.api('POST', `${path}/remove-helper`, { body: { helper: 'tir.expert', reason: '迁移完成' } });
    expect(removed.status).toBe(200);
    expect(removed.body.helpers).toEqual([]);
    await waitUntil('the ticket gone from the helper queue', async () => {
      const items = (await helperQueue()).body.items as Array<{ number: string }>;
      return items.some((t) => t.number === ticket.number) ? undefined : true;
    });
    expect((await desk.api('POST', `${path}/remove-helper`, { body: { helper: 'tir.expert' } })).status).toBe(422);

    // A helper who is handed the ticket owns it and is no longer listed as a helper.
    await desk.api('POST', `${path}/helpers`, { body: { helper: 'tir.senior' } });
    const handed = await desk.api('POST', `${path}/assign`, { body: { assignee: 'tir.senior' } });
    expect(handed.body).toMatchObject({ assignee: 'tir.senior', helpers: [] });
    expect(handed.body.timeline.find((t: any) => t.reason === 'now the assignee')).toMatchObject({ action: 'removeHelper', detail: { helper: 'tir.senior' } });
    // The team stays with the ticket when it goes up a tier.
    expect((await desk.api('POST', `${path}/helpers`, { body: { helper: 'tir.desk' } })).status).toBe(200);
    await desk.api('POST', `${path}/escalate-tier`, { body: { reason: '迁移需要二线' } });
    expect(await settledIn(ticket.number, 'tir-l2')).toMatchObject({ assignee: 'tir.second', helpers: ['tir.desk'] });
    if (process.env.RECORD_HISTORIES === 'ticket-tiers-and-team-2026-12') {
      // A history with every new action, replayed by replay.test.ts from then on.
      const json = execFileSync(findTemporalCli()!, ['workflow', 'show', '-w', `ticket-${ticket.number}`, '--address', inject('temporalAddress'), '--output', 'json']);
      writeFileSync(`test/fixtures/histories/${process.env.RECORD_HISTORIES}.json`, json);
    }
  });
});

describe('the workbench', () => {
  it('escalates and adds a helper by form; the helper finds the ticket in their "mine" queue', async () => {
    const ticket = await open('TIR 样机屏幕闪烁');
    expect(ticket.assignee).toBe('tir.desk');
    const [owner, helper] = await Promise.all([
      signIn(desk, 'tir.desk@corp.example', { 'accept-language': 'en' }),
      signIn(desk, 'tir.junior@corp.example', { 'accept-language': 'en' }),
    ]);
    const page = `/desk/tickets/${ticket.number}`;
    const shown = await owner.get(page);
    expect(shown.text).toContain('The next tier is TIR specialists (L2)');
    expect(shown.text).toContain('<span>TIR service desk (L1)</span>');

    expect((await owner.post(`${page}/helpers`, { helper: 'tir.junior', note: '请看一下日志' })).status).toBe(303);
    expect((await owner.get(page)).text).toContain('helping: tir.junior');
    const mine = await waitUntil('the ticket in the helper\'s queue', async () => {
      const queue = await helper.get('/desk?queue=mine');
      return queue.text.includes(`/desk/tickets/${ticket.number}`) ? queue : undefined;
    });
    expect(mine.status).toBe(200);

    await owner.get(page);
    expect((await owner.post(`${page}/escalate-tier`, { reason: '' })).status).toBe(422);
    await owner.get(page);
    expect((await owner.post(`${page}/escalate-tier`, { reason: '需要二线' })).status).toBe(303);
    expect(await settledIn(ticket.number, 'tir-l2')).toMatchObject({ assignee: 'tir.second', helpers: ['tir.junior'] });

    await owner.get(page);
    expect((await owner.post(`${page}/remove-helper`, { helper: 'tir.junior' })).status).toBe(303);
    expect((await read(ticket.number)).helpers).toEqual([]);
  });
});
