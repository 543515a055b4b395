// Which modules the workflow worker threads share (temporal/sharedWorkflowModules.ts): the pure
// modules of workflow code without zod below them. zod is not freeze-safe (the SDK deep-freezes
// shared modules), so a module that starts using zod leaves the list — and this test says so.
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pureModulesOfWorkflowCode, sharedWorkflowModules, workflowCodeReachingZod } from '../../temporal/sharedWorkflowModules';

const root = new URL('../..', import.meta.url).pathname;
const ours = () => pureModulesOfWorkflowCode().map((file) => relative(root, file));

describe('the modules workflows share', () => {
  it('are the SDK libraries and our pure modules, never zod', () => {
    const all = sharedWorkflowModules();
    expect(all).toContain('@temporalio/workflow');
    expect(all.some((m) => m === 'zod' || m.includes('node_modules/zod'))).toBe(false);
  });

  it.each([
    'ticket/lifecycle.ts',
    'ticket/approvalSteps.ts',
    'ticket/watchers.ts',
    'ticket/actionFacts.ts',
    'ticket/argumentCheck.ts',
    'config/schema/valueSets.ts',
    'mail/address.ts',
    'mail/title.ts',
    'mail/rateLimit.ts',
    'mail/threading.ts',
  ])('shares %s (imported by workflow code, no zod below it)', (file) => expect(ours()).toContain(file));

  it('never loads zod in workflow code (issue #10: zod per cached ticket was most of its memory)', () => {
    expect(workflowCodeReachingZod().map((file) => relative(root, file))).toEqual([]);
  });

  it('lists nothing from workflows/ itself (workflow modules call workflow APIs as they load)', () => {
    expect(ours().filter((file) => file.startsWith('workflows/'))).toEqual([]);
  });
});
