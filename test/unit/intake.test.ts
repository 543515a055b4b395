// The intake's pure rules: who may state which fact, the directory's facts, and when two
// requests under one Idempotency-Key are the same request.
import { describe, expect, it } from 'vitest';
import { canonicalIntake, TicketIntakeSchema } from '../../ticket/intake';
import { intakeAuthorityProblems, withDirectoryFacts, type IntakeAuthor } from '../../ticket/intakeAuthority';

const parse = (body: Record<string, unknown>) => TicketIntakeSchema.parse({ requester: { name: '张三', email: 'alice@corp.example' }, title: 'VPN 连不上', ...body });

describe('who may state which fact of a new ticket', () => {
  const cases: Array<{ author: IntakeAuthor; given: Record<string, unknown>; refused: string[] }> = [
    { author: 'requester', given: {}, refused: [] },
    { author: 'requester', given: { impact: 'company', urgency: 'critical', category: 'network' }, refused: [] },
    { author: 'requester', given: { requester: { name: '张三', email: 'alice@corp.example', vip: true } }, refused: ['requester.vip'] },
    { author: 'staff', given: { requester: { name: '张三', email: 'alice@corp.example', vip: true } }, refused: ['requester.vip'] },
    { author: 'requester', given: { priority: 'P1' }, refused: ['priority'] },
    { author: 'staff', given: { priority: 'P1' }, refused: [] },
    { author: 'requester', given: { channel: 'api' }, refused: [] },
    { author: 'requester', given: { channel: 'im' }, refused: ['channel'] },
    { author: 'staff', given: { channel: 'im' }, refused: [] },
    { author: 'staff', given: { channel: 'mail' }, refused: ['channel'] },
    { author: 'staff', given: { mailbox: 'helpdesk', sourceMessageId: 'a@b.example' }, refused: ['mailbox', 'sourceMessageId'] },
    { author: 'requester', given: { priority: 'P2', channel: 'phone', mailbox: 'x' }, refused: ['priority', 'channel', 'mailbox'] },
  ];
  it.each(cases)('$author stating $given: refuses $refused', ({ author, given, refused }) => {
    expect(intakeAuthorityProblems(parse(given), author).map((p) => p.path)).toEqual(refused);
  });
});

describe('facts from directory.yaml', () => {
  const directory = { people: [{ email: 'boss@corp.example', name: '老板', vip: true }, { email: 'alice@corp.example', name: '张三', vip: false }] };
  const cases = [
    { given: 'a VIP in the directory', email: 'Boss@corp.example', vip: undefined, expect: true },
    { given: 'a person in the directory who is no VIP', email: 'alice@corp.example', vip: true, expect: undefined },
    { given: 'a person not in the directory', email: 'carol@corp.example', vip: true, expect: undefined },
  ];
  it.each(cases)('$given: vip $expect', ({ email, vip, expect: expected }) => {
    const intake = parse({ requester: { name: 'x', email, ...(vip !== undefined ? { vip } : {}) } });
    expect(withDirectoryFacts(intake, directory).requester.vip).toBe(expected);
  });
});

describe('the same request under one Idempotency-Key', () => {
  const first = parse({ description: '在家无法连接', impact: 'individual' });
  const cases: Array<{ given: string; retry: Record<string, unknown>; same: boolean }> = [
    { given: 'the same body', retry: { description: '在家无法连接', impact: 'individual' }, same: true },
    { given: 'the same body in another key order', retry: { impact: 'individual', description: '在家无法连接' }, same: true },
    { given: 'the defaults spelt out', retry: { description: '在家无法连接', impact: 'individual', channel: 'api' }, same: true },
    { given: 'another description', retry: { description: '公司也不行', impact: 'individual' }, same: false },
    { given: 'another impact', retry: { description: '在家无法连接', impact: 'company' }, same: false },
    { given: 'a field more', retry: { description: '在家无法连接', impact: 'individual', urgency: 'high' }, same: false },
  ];
  it.each(cases)('$given: same request $same', ({ retry, same }) => {
    expect(canonicalIntake(parse(retry)) === canonicalIntake(first)).toBe(same);
  });

  it('ignores the VIP flag the desk added from the directory', () => {
    expect(canonicalIntake({ ...first, requester: { ...first.requester, vip: true } })).toBe(canonicalIntake(first));
  });
});
