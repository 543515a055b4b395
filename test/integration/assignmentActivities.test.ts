// The chooseAssignee activity against a real Temporal dev server: open-ticket counts come from
// visibility over real ticket workflows, so "fewest open" sees assignments made through the API.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAssignmentActivities } from '../../activities/assignmentActivities';
import { alice, startTestDesk, waitUntil, type TestDesk } from '../support/testDesk';

// Members that only this file assigns to: the dev server is shared by every integration file,
// and counts are per assignee across the namespace.
const MEMBERS = ['asg.alpha', 'asg.bravo', 'asg.charlie'];
const groupsYaml = `${readFileSync('config/groups.yaml', 'utf8')}
  asg-test:
    name: Assignment test group
    escalationContact: { name: lead, email: asg-lead@corp.example }
    members:
${MEMBERS.map((id) => `      - { id: ${id}, name: ${id}, email: ${id}@corp.example }`).join('\n')}
`;
// The test groups go into routing.yaml's `assignment` map, wherever it stands in the file.
const routingYaml = readFileSync('config/routing.yaml', 'utf8').replace(
  /^assignment:\n/m,
  `assignment:
  asg-test: { strategy: fewest-open, members: [${MEMBERS.map((id) => `{ id: ${id} }`).join(', ')}] }
  asg-rr: { strategy: round-robin, members: [{ id: asg.alpha }, { id: asg.bravo }] }
`,
);
const groupsWithRoundRobin = groupsYaml.replace(
  '  asg-test:',
  `  asg-rr:
    name: Round-robin test group
    escalationContact: { name: lead, email: asg-lead@corp.example }
    members:
      - { id: asg.alpha, name: asg.alpha, email: asg.alpha@corp.example }
      - { id: asg.bravo, name: asg.bravo, email: asg.bravo@corp.example }
  asg-test:`,
);

let desk: TestDesk;
beforeAll(async () => {
  desk = await startTestDesk('assignment', { 'groups.yaml': groupsWithRoundRobin, 'routing.yaml': routingYaml }, 'ASG');
});
afterAll(async () => desk?.stop());

async function ticketFor(assignee: string, then?: { action: string; body: unknown }): Promise<string> {
  const created = await desk.api('POST', '/api/tickets', { body: { requester: alice, title: '打印机卡纸', description: '三楼打印机卡纸' } });
  expect(created.status).toBe(201);
  const number: string = created.body.number;
  const assigned = await desk.api('POST', `/api/tickets/${number}/assign`, { body: { group: 'asg-test', assignee } });
  expect(assigned.status).toBe(200);
  if (then) expect((await desk.api('POST', `/api/tickets/${number}/${then.action}`, { body: then.body })).status).toBe(200);
  return number;
}

describe('choosing an assignee from live workloads', () => {
  it('gives the ticket to the member with the fewest assigned, in-progress or pending tickets', async () => {
    await ticketFor('asg.alpha');
    await ticketFor('asg.alpha', { action: 'respond', body: { message: '正在处理' } });
    await ticketFor('asg.bravo', { action: 'pend', body: { reason: 'requester', note: '等待用户提供型号' } });
    // Resolved work waits on the requester, not on charlie: it must not count.
    await ticketFor('asg.charlie', { action: 'resolve', body: { resolutionNote: '已清理卡纸' } });
    await ticketFor('asg.charlie', { action: 'resolve', body: { resolutionNote: '已更换硒鼓' } });

    // Counted afresh each time: this test waits for visibility to catch up.
    const activities = createAssignmentActivities({ config: desk.config, client: desk.client, workloadCacheMs: 0 });
    const expected = { 'asg.alpha': 2, 'asg.bravo': 1, 'asg.charlie': 0 };
    // Visibility catches up with the workflows' search attributes a moment after the updates.
    const decision = await waitUntil('visibility to count the assignments', async () => {
      const result = await activities.chooseAssignee({ groupId: 'asg-test', skills: [], ticketNumber: 'ASG-000099' });
      return JSON.stringify(result.openCounts) === JSON.stringify(expected) ? result : undefined;
    });
    expect(decision).toMatchObject({ assignee: 'asg.charlie', strategy: 'fewest-open', openCounts: expected });
    expect(decision.why).toBe('fewest open: asg.charlie has 0 open, the fewest of 3 available members');
    expect(decision.configVersion).toBe(desk.config.current().version);
  });

  it('counts each member once per cache window and spreads a burst by its own assignments', async () => {
    let queries = 0;
    const counting = { workflow: { count: (query: string) => (queries++, desk.client.workflow.count(query)) } } as unknown as typeof desk.client;
    const activities = createAssignmentActivities({ config: desk.config, client: counting, workloadCacheMs: 60_000 });
    const choices = [];
    for (let i = 0; i < 6; i++) choices.push(await activities.chooseAssignee({ groupId: 'asg-test', skills: [], ticketNumber: `ASG-0001${i}0` }));
    expect(queries).toBe(MEMBERS.length); // one count per member, then the window holds
    // Visibility saw none of these six: the process's own tally kept them apart.
    const start = choices[0]!.openCounts;
    const final = { ...start };
    for (const c of choices) final[c.assignee!] += 1;
    const loads = Object.values(final);
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
    expect(choices[5]!.openCounts).not.toEqual(start);
  });

  it('takes round-robin turns from the ticket number without counting anything', async () => {
    const activities = createAssignmentActivities({ config: desk.config, client: desk.client });
    const turns = await Promise.all(
      ['ASG-000010', 'ASG-000011', 'ASG-000012'].map((ticketNumber) => activities.chooseAssignee({ groupId: 'asg-rr', skills: [], ticketNumber })),
    );
    expect(turns.map((t) => [t.assignee, t.openCounts])).toEqual([
      ['asg.alpha', {}],
      ['asg.bravo', {}],
      ['asg.alpha', {}],
    ]);
  });

  it('fails for good on a group the config does not know', async () => {
    const activities = createAssignmentActivities({ config: desk.config, client: desk.client });
    await expect(activities.chooseAssignee({ groupId: 'no-such-group', skills: [], ticketNumber: 'ASG-000001' })).rejects.toMatchObject({
      type: 'UnknownAssignmentGroup',
      nonRetryable: true,
    });
  });
});
