// The portal's catalogue request form: posted answers (`field.<name>`, checkboxes repeated) to an
// intake with typed values, or the problems the page names and links to.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfigOrThrow, type LoadedConfig } from '../../config/load';
import { intakeFromRequestForm, requestFormOf } from '../../web/portal/requestForm';

let config: LoadedConfig;
beforeAll(async () => {
  config = await loadConfigOrThrow('config');
});
const requester = { name: '张三', email: 'alice@corp.example' };

const cases: Array<{ name: string; item: string; body: Record<string, unknown>; expect: { fields?: Record<string, unknown>; problems?: Array<[string, string, Record<string, string>?]> } }> = [
  {
    name: 'a hardware request: the quantity becomes a number',
    item: 'hardware',
    body: { title: '申领显示器', 'field.item': 'monitor', 'field.quantity': '2', 'field.businessReason': '双屏对账', 'field.deliverTo': '' },
    expect: { fields: { item: 'monitor', quantity: 2, businessReason: '双屏对账' } },
  },
  {
    name: 'checkboxes of a multichoice become a list; one box is a list of one',
    item: 'new-staff-setup',
    body: { title: '入职', 'field.employeeName': '王小明', 'field.department': '财务部', 'field.startDate': '2026-12-14', 'field.computer': 'none', 'field.accounts': 'mail' },
    expect: { fields: { employeeName: '王小明', department: '财务部', startDate: '2026-12-14', computer: 'none', accounts: ['mail'] } },
  },
  {
    name: 'missing answers and a missing title, named in the page language',
    item: 'hardware',
    body: { title: ' ', 'field.item': 'monitor' },
    expect: {
      problems: [
        ['title', 'missing.title'],
        ['field-quantity', 'missing.requestField', { field: '数量' }],
        ['field-businessReason', 'missing.requestField', { field: '申领原因' }],
      ],
    },
  },
  {
    name: 'a quantity that is not a number is named with why',
    item: 'hardware',
    body: { title: 't', 'field.item': 'monitor', 'field.quantity': 'two', 'field.businessReason': 'x' },
    expect: { problems: [['field-quantity', 'invalid.requestField', { field: '数量', message: 'expected a number of 0 or more, got "two"' }]] },
  },
];

describe('the portal form of a catalogue request', () => {
  it.each(cases)('$name', ({ item: itemId, body, expect: want }) => {
    const item = config.catalogue.items[itemId];
    const form = requestFormOf({ catalogueItem: itemId, ...body }, item);
    const result = intakeFromRequestForm(form, item, config.catalogue, requester, 'zh-CN');
    if (want.fields) {
      expect(result.ok, JSON.stringify(result)).toBe(true);
      if (result.ok) expect(result.intake).toMatchObject({ type: 'request', catalogueItem: itemId, fields: want.fields, channel: 'api' });
    } else {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problems.map((p) => [p.field, p.key, ...(p.params ? [p.params] : [])])).toEqual(want.problems);
    }
  });
});
