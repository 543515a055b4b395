// A request's answers against its catalogue item (the shipped catalogue.yaml): each case one
// request and the problems the API would answer with (422, field paths), or none.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfigOrThrow, type LoadedConfig } from '../../config/load';
import { requestProblems } from '../../ticket/requestFields';

let config: LoadedConfig;
beforeAll(async () => {
  config = await loadConfigOrThrow('config');
});

const newStaff = { employeeName: '王小明', department: '财务部', startDate: '2026-12-14', computer: 'laptop' };

const cases: Array<{ name: string; given: Parameters<typeof requestProblems>[1]; expect: Array<[string, string | RegExp]> }> = [
  { name: 'an incident carries no request part', given: {}, expect: [] },
  { name: 'a request routing will recognise needs no item', given: { type: 'request' }, expect: [] },
  { name: 'a complete new-staff setup', given: { catalogueItem: 'new-staff-setup', fields: newStaff }, expect: [] },
  { name: 'the optional answers too', given: { catalogueItem: 'new-staff-setup', type: 'request', fields: { ...newStaff, employeeId: 'E2001', accounts: ['mail', 'vpn'] } }, expect: [] },
  {
    name: 'a missing required field, and a blank one',
    given: { catalogueItem: 'new-staff-setup', fields: { ...newStaff, startDate: undefined as never, department: '  ' } },
    expect: [['fields.department', 'required: Department (部门)'], ['fields.startDate', 'required: Start date (入职日期)']],
  },
  { name: 'no fields at all', given: { catalogueItem: 'hardware' }, expect: [['fields.item', /^required/], ['fields.quantity', /^required/], ['fields.businessReason', /^required/]] },
  { name: 'a date that does not exist', given: { catalogueItem: 'new-staff-setup', fields: { ...newStaff, startDate: '2026-02-30' } }, expect: [['fields.startDate', /^expected a date such as 2026-12-01/]] },
  { name: 'a choice that is not offered', given: { catalogueItem: 'new-staff-setup', fields: { ...newStaff, computer: 'tablet' } }, expect: [['fields.computer', 'expected one of laptop, desktop, none, got "tablet"']] },
  { name: 'a multichoice with a stray value', given: { catalogueItem: 'new-staff-setup', fields: { ...newStaff, accounts: ['mail', 'sap'] } }, expect: [['fields.accounts', 'expected values of mail, oa, erp, vpn, got "sap"']] },
  { name: 'a multichoice given as text', given: { catalogueItem: 'new-staff-setup', fields: { ...newStaff, accounts: 'mail' } }, expect: [['fields.accounts', /^expected a list of/]] },
  { name: 'a field the item does not ask for', given: { catalogueItem: 'new-staff-setup', fields: { ...newStaff, salary: '10000' } }, expect: [['fields.salary', /^'new-staff-setup' has no field 'salary'/]] },
  { name: 'a quantity below zero', given: { catalogueItem: 'hardware', fields: { item: 'monitor', quantity: -2, businessReason: '双屏' } }, expect: [['fields.quantity', 'expected a number of 0 or more, got -2']] },
  { name: 'a quantity as text', given: { catalogueItem: 'hardware', fields: { item: 'monitor', quantity: '2', businessReason: '双屏' } }, expect: [['fields.quantity', 'expected a number of 0 or more, got "2"']] },
  { name: 'a system the catalogue does not list', given: { catalogueItem: 'permission', fields: { system: 'sap', access: '查询', businessReason: '对账' } }, expect: [['fields.system', /^expected one of the systems erp, oa, crm, mail, vpn, file-share/]] },
  { name: 'a system named like an Object method', given: { catalogueItem: 'permission', fields: { system: 'constructor', access: '查询', businessReason: '对账' } }, expect: [['fields.system', /^expected one of the systems/]] },
  { name: 'a mail address that is none', given: { catalogueItem: 'account', fields: { system: 'mail', change: 'create', accountHolder: '王小明', holderEmail: 'wangxm' } }, expect: [['fields.holderEmail', 'expected a mail address, got "wangxm"']] },
  { name: 'an unknown item', given: { catalogueItem: 'coffee-machine' }, expect: [['catalogueItem', /^unknown catalogue item 'coffee-machine' \(known: new-staff-setup, software-installation/]] },
  { name: 'an item named like an Object method', given: { catalogueItem: 'constructor' }, expect: [['catalogueItem', /^unknown catalogue item/]] },
  { name: 'an item called an incident', given: { catalogueItem: 'hardware', type: 'incident' }, expect: [['type', 'a catalogue item is a service request, not an incident']] },
  { name: 'fields without an item', given: { fields: { software: 'Visio' } }, expect: [['fields', 'fields belong to a catalogue item: name one in catalogueItem']] },
];

describe('the answers a catalogue request needs', () => {
  it.each(cases)('$name', ({ given, expect: want }) => {
    const problems = requestProblems(config.catalogue, given);
    expect(problems.map((p) => p.path)).toEqual(want.map(([path]) => path));
    problems.forEach((problem, index) => {
      const message = want[index][1];
      if (typeof message === 'string') expect(problem.message).toBe(message);
      else expect(problem.message).toMatch(message);
    });
  });
});
