// Determinism guard: recorded ticket histories must replay on the current workflow code.
// Histories in test/fixtures/histories/ were recorded from real runs; a change that breaks
// one needs patched() (running tickets would otherwise fail on the next worker).
// RECORD_HISTORIES=<name> records this run's fresh ticket as <name>.json (keep the old ones: they
// are the executions still running somewhere); RECORD_HISTORIES=1 re-records ticket-full-lifecycle.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { inject } from 'vitest';
import { findTemporalCli } from '../../temporal/cliBinary';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fastSlaYaml } from '../support/fastSla';
import { alice, sharedWorkflowBundle, startTestDesk, waitUntil, type TestDesk } from '../support/testDesk';

const FIXTURES = 'test/fixtures/histories';
let desk: TestDesk;
let workflowBundle: Awaited<ReturnType<typeof sharedWorkflowBundle>>;

beforeAll(async () => {
  desk = await startTestDesk(
    'replay',
    {
      'sla.yaml': fastSlaYaml({
        P1: 'response: 2s, resolution: 1h, update: 1h',
        P2: 'response: 1h, resolution: 4h',
        P3: 'response: 2h, resolution: 8h',
        P4: 'response: 4h, resolution: 8h',
      }),
    },
    'RPL',
  );
  workflowBundle = await sharedWorkflowBundle(); // the desk's own: a second bundle costs seconds
});
afterAll(async () => desk?.stop());

async function replay(history: unknown, id: string) {
  await Worker.runReplayHistory({ workflowBundle }, history, id);
}

describe('replaying ticket histories', () => {
  it('replays a fresh ticket that breached, was reprioritised, pended, resolved and closed', async () => {
    const { body: ticket } = await desk.api('POST', '/api/tickets', {
      body: { requester: alice, title: '邮件服务器无法发信', category: 'infrastructure', priority: 'P1' },
    });
    await waitUntil('the breach', async () => ((await desk.api('GET', `/api/tickets/${ticket.number}`)).body.escalations.length ? true : undefined));
    const steps: Array<[string, unknown, string?]> = [
      ['assign', { assignee: 'wu.qiang' }],
      ['respond', { message: '已收到，正在排查' }],
      ['priority', { priority: 'P2', reason: '只影响部分用户' }],
      ['pend', { reason: 'vendor', note: '等待厂商回复' }],
      ['resume', {}],
      ['comments', { body: '厂商已修复', visibility: 'public' }],
      ['resolve', { resolutionNote: '更换证书后恢复' }],
      ['close', { note: '确认恢复' }, 'alice'],
      ['rate', { rating: 'basically_satisfied' }, 'alice'],
    ];
    for (const [action, body, token] of steps) {
      const res = await desk.api('POST', `/api/tickets/${ticket.number}/${action}`, { body, token: (token ?? 'agent') as never });
      expect(res.status, `${action}: ${JSON.stringify(res.body)}`).toBe(200);
    }
    const handle = desk.client.workflow.getHandle(`ticket-${ticket.number}`);
    await handle.result();
    const history = await handle.fetchHistory();
    expect(history.events!.length).toBeGreaterThan(20);
    await replay(history, handle.workflowId);
    if (process.env.RECORD_HISTORIES) {
      // The CLI writes the canonical proto3 JSON that historyFromJSON reads back.
      const json = execFileSync(findTemporalCli()!, ['workflow', 'show', '-w', handle.workflowId, '--address', inject('temporalAddress'), '--output', 'json']);
      const name = process.env.RECORD_HISTORIES === '1' ? 'ticket-full-lifecycle' : process.env.RECORD_HISTORIES;
      writeFileSync(join(FIXTURES, `${name}.json`), json);
    }
  });

  const fixtures = readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));
  it('has recorded histories to replay', () => expect(fixtures.length).toBeGreaterThan(0));
  it.each(fixtures)('replays the recorded history %s on the current code', async (file) => {
    // runReplayHistory takes the CLI's JSON as it is.
    const history = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8'));
    await replay(history, file.replace(/\.json$/, ''));
  });
});
