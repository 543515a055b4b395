// Broken configs an admin could plausibly write, each a small edit of the shipped config/: the
// check must fail and name the file, the line and column of the mistake, its path and the problem.
import { afterEach, describe, expect, it } from 'vitest';
import { configCheck } from '../../cli/configCheck';
import { copyShippedConfig, positionIn, removeCopy, SHIPPED_CONFIG_DIR, withoutDir, type ConfigEdit } from '../support/configCopy';

type BrokenConfig = {
  name: string;
  edit: ConfigEdit;
  /** Where the error must point: the file and the text the reported line:col must start at. */
  at: { file: string; text: string };
  path: string;
  message: string | RegExp;
  /** YAML syntax errors are reported where the parser notices them, later on the same line. */
  lineOnly?: true;
  /** A warning: the check still passes (exit 0) and prints it. */
  warning?: true;
};

const replace = (file: string, find: string, replacement: string): ConfigEdit => ({ file, find, replace: replacement });

const cases: BrokenConfig[] = [
  {
    name: 'bad YAML syntax (an unclosed flow list)',
    edit: replace('groups.yaml', '      - { id: wang.fang, name: 王芳, email: wang.fang@corp.example }', '      - { id: wang.fang, name: 王芳, email: [wang.fang@corp.example }'),
    at: { file: 'groups.yaml', text: '[wang.fang' },
    path: '(root)',
    message: /^Flow sequence in block collection must be sufficiently indented and end with a \]$/,
    lineOnly: true,
  },
  {
    name: 'a tab used for indentation',
    edit: replace('desk.yaml', 'ticketDigits: 6', 'ticketDigits:\n\t6'),
    at: { file: 'desk.yaml', text: '\t6' },
    path: '(root)',
    message: /tab/i,
  },
  {
    name: 'a key written twice (a duplicate priority)',
    edit: replace('priorities.yaml', 'defaultPriority: P3', '  P2:\n    label: { zh-CN: 高, en: High }\n    meaning: again\ndefaultPriority: P3'),
    at: { file: 'priorities.yaml', text: 'P2:\n    label: { zh-CN: 高, en: High }\n    meaning: again' },
    path: '(root)',
    message: "duplicate key 'P2': a key may appear only once in a map",
  },
  {
    name: 'an unknown key (typo in ticketDigits)',
    edit: replace('desk.yaml', 'ticketDigits: 6', 'ticketDigit: 6'),
    at: { file: 'desk.yaml', text: 'ticketDigit: 6' },
    path: 'ticketDigit',
    message: "unknown key 'ticketDigit'",
  },
  {
    name: 'an unknown key inside a routing rule',
    edit: replace('routing.yaml', '    then: { tags: [after-hours] }\n    continue: true', '    then: { tags: [after-hours] }\n    contiue: true'),
    at: { file: 'routing.yaml', text: 'contiue: true' },
    path: 'rules[1].contiue',
    message: "unknown key 'contiue'",
  },
  {
    name: 'a wrong type (ticket digits as a word)',
    edit: replace('desk.yaml', 'ticketDigits: 6', 'ticketDigits: six'),
    at: { file: 'desk.yaml', text: 'ticketDigits: six' },
    path: 'ticketDigits',
    message: 'expected number, got "six"',
  },
  {
    name: 'a bad duration in an SLA target',
    edit: replace('sla.yaml', 'P1: { calendar: always, response: 15m,', 'P1: { calendar: always, response: 15 minutes,'),
    at: { file: 'sla.yaml', text: 'response: 15 minutes' },
    path: 'policies.standard.targets.P1.response',
    message: "invalid duration '15 minutes' (write e.g. 30s, 15m, 2h, 7h30m, 1d)",
  },
  {
    name: 'a duration without its unit',
    edit: replace('desk.yaml', 'resolvedAutoCloseAfter: 72h', 'resolvedAutoCloseAfter: 72'),
    at: { file: 'desk.yaml', text: 'resolvedAutoCloseAfter' },
    path: 'resolvedAutoCloseAfter',
    message: 'expected a duration with a unit such as 30m or 2h, got 72',
  },
  {
    name: 'an urgent notice for a priority that does not exist',
    edit: replace('sla.yaml', '    onOpen:\n      P1:', '    onOpen:\n      P9:'),
    at: { file: 'sla.yaml', text: 'P9:' },
    path: 'policies.standard.onOpen.P9',
    message: /P9/,
  },
  {
    name: 'an urgent notice that notifies nobody',
    edit: replace('sla.yaml', 'P2: { notify: [dutySupervisor] }\n    onRaise:', 'P2: { notify: [] }\n    onRaise:'),
    at: { file: 'sla.yaml', text: 'notify: []' },
    path: 'policies.standard.onOpen.P2.notify',
    message: 'name who to notify',
  },
  {
    name: 'a bad percentage in an escalation level',
    edit: replace('sla.yaml', 'response:\n        - { at: 75%,', 'response:\n        - { at: 75,'),
    at: { file: 'sla.yaml', text: 'at: 75,' },
    path: 'policies.standard.escalation.response[0].at',
    message: 'expected a percentage such as 75%, got 75',
  },
  {
    name: 'a percentage written with a space',
    edit: replace('sla.yaml', 'resolution:\n        - { at: 75%,', 'resolution:\n        - { at: 75 %,'),
    at: { file: 'sla.yaml', text: 'at: 75 %' },
    path: 'policies.standard.escalation.resolution[0].at',
    message: "invalid percentage '75 %' (write e.g. 75% or 100%)",
  },
  {
    name: 'an unknown group in categories',
    edit: replace('categories.yaml', '    label: { zh-CN: 网络, en: Network }\n    group: network', '    label: { zh-CN: 网络, en: Network }\n    group: networking'),
    at: { file: 'categories.yaml', text: 'group: networking' },
    path: 'categories.network.group',
    message: /^unknown group 'networking' \(known: service-desk, desktop, network, /,
  },
  {
    name: 'an unknown group in a routing rule',
    edit: replace('routing.yaml', 'then: { category: network, group: network }', 'then: { category: network, group: netwrok }'),
    at: { file: 'routing.yaml', text: 'group: netwrok' },
    path: 'rules[12].then.group',
    message: /^unknown group 'netwrok' \(known: /,
  },
  {
    name: 'an unknown category in a routing rule',
    edit: replace('routing.yaml', 'then: { category: business-app, group: business-apps }', 'then: { category: business-apps, group: business-apps }'),
    at: { file: 'routing.yaml', text: 'category: business-apps,' },
    path: 'rules[13].then.category',
    message: /^unknown category 'business-apps' \(known: hardware, software, /,
  },
  {
    name: 'an unknown calendar in SLA targets',
    edit: replace('sla.yaml', 'P3: { calendar: office-shanghai,', 'P3: { calendar: office-beijing,'),
    at: { file: 'sla.yaml', text: 'calendar: office-beijing' },
    path: 'policies.standard.targets.P3.calendar',
    message: "unknown calendar 'office-beijing' (known: always, office-shanghai)",
  },
  {
    name: 'a policy without targets for one priority',
    edit: replace('sla.yaml', '      P4: { calendar: office-shanghai, response: 4h, resolution: 7h30m }\n', ''),
    at: { file: 'sla.yaml', text: 'targets:' },
    path: 'policies.standard.targets',
    message: 'no targets for priority P4',
  },
  {
    name: 'the default policy does not exist',
    edit: replace('sla.yaml', 'defaultPolicy: standard', 'defaultPolicy: gold'),
    at: { file: 'sla.yaml', text: 'defaultPolicy' },
    path: 'defaultPolicy',
    message: "unknown policy 'gold' (known: standard)",
  },
  {
    name: 'two routing rules with the same name',
    edit: replace('routing.yaml', '  - name: network\n', '  - name: printer\n'),
    at: { file: 'routing.yaml', text: 'name: printer\n    when: { keywords: [vpn' },
    path: 'rules[12].name',
    message: "duplicate rule name 'printer' (already used by rule #12)",
  },
  {
    name: 'an invalid regular expression',
    edit: replace('routing.yaml', 'when: { regex: "erp|', 'when: { regex: "(erp|'),
    at: { file: 'routing.yaml', text: 'regex: "(erp|' },
    path: 'rules[13].when.regex',
    message: /^invalid regular expression: .*Unterminated group/,
  },
  {
    name: 'an empty keyword list',
    edit: replace('routing.yaml', 'when: { keywords: [新员工, 新同事, 入职, onboarding, new starter] }', 'when: { keywords: [] }'),
    at: { file: 'routing.yaml', text: 'keywords: []' },
    path: 'rules[10].when.keywords',
    message: 'list must not be empty',
  },
  {
    name: 'an unknown time zone',
    edit: replace('calendars.yaml', 'office-shanghai:\n    timezone: Asia/Shanghai', 'office-shanghai:\n    timezone: Asia/Beijing'),
    at: { file: 'calendars.yaml', text: 'timezone: Asia/Beijing' },
    path: 'calendars.office-shanghai.timezone',
    message: "unknown time zone 'Asia/Beijing'",
  },
  {
    name: 'overlapping working windows',
    edit: replace('calendars.yaml', 'tue: ["09:00-12:00", "13:30-18:00"]', 'tue: ["09:00-12:00", "11:30-18:00"]'),
    at: { file: 'calendars.yaml', text: '"11:30-18:00"' },
    path: 'calendars.office-shanghai.week.tue[1]',
    message: 'windows "09:00-12:00" and "11:30-18:00" overlap',
  },
  {
    name: 'a working window that is not a time range',
    edit: replace('calendars.yaml', 'wed: ["09:00-12:00", "13:30-18:00"]', 'wed: ["09:00-12:00", "13:30-25:00"]'),
    at: { file: 'calendars.yaml', text: '"13:30-25:00"' },
    path: 'calendars.office-shanghai.week.wed[1]',
    message: /13:30-25:00/,
  },
  {
    name: 'a rule that matches everything placed before the other rules',
    edit: replace(
      'routing.yaml',
      '    when: { requester: { vip: true } }\n    then: { tags: [vip], watchers: [it-manager@corp.example] }\n    continue: true',
      '    then: { tags: [vip], watchers: [it-manager@corp.example] }',
    ),
    at: { file: 'routing.yaml', text: 'name: vip-watch' },
    path: 'rules[0]',
    message: "rule 'vip-watch' matches every ticket, so the rules after it can never match",
  },
  {
    name: 'a dissatisfied follow-up on a calendar that does not exist',
    edit: replace('sla.yaml', 'dissatisfiedFollowUp: { calendar: office-shanghai,', 'dissatisfiedFollowUp: { calendar: office-beijing,'),
    at: { file: 'sla.yaml', text: 'calendar: office-beijing' },
    path: 'dissatisfiedFollowUp.calendar',
    message: "unknown calendar 'office-beijing' (known: always, office-shanghai)",
  },
  {
    name: 'a dissatisfied follow-up that escalates to nobody',
    edit: replace('sla.yaml', 'escalateTo: [groupEscalation, itManager] }', 'escalateTo: [] }'),
    at: { file: 'sla.yaml', text: 'escalateTo: [] }' },
    path: 'dissatisfiedFollowUp.escalateTo',
    message: 'name who hears of an overdue follow-up',
  },
  {
    name: 'a watcher subscribed to updates that do not exist',
    edit: replace('routing.yaml', 'watchers: [{ watcher: security-lead@corp.example, updates: all }]', 'watchers: [{ watcher: security-lead@corp.example, updates: everything }]'),
    at: { file: 'routing.yaml', text: '{ watcher: security-lead' },
    path: 'rules[6].then.watchers[0]',
    message: /expected a mail address \(or member id\), or \{ watcher: <address>, updates: all \| resolution \}|updates/,
    lineOnly: true,
  },
  {
    name: 'a watcher who is neither an address nor a member',
    edit: replace('routing.yaml', 'watchers: [it-manager@corp.example]', 'watchers: [it-manager]'),
    at: { file: 'routing.yaml', text: 'it-manager]' },
    path: 'rules[0].then.watchers[0]',
    message: "watcher 'it-manager' is neither a mail address nor a member of groups.yaml",
  },
  {
    name: 'a holiday listed under the wrong year',
    edit: replace('calendars.yaml', '{ name: 端午节, from: 2026-06-19, to: 2026-06-21 }', '{ name: 端午节, from: 2025-06-19, to: 2025-06-21 }'),
    at: { file: 'calendars.yaml', text: '{ name: 端午节' },
    path: 'calendars.office-shanghai.holidays.2026[4]',
    message: "holiday '端午节' (2025-06-19 to 2025-06-21) has no day in 2026, the year it is listed under",
  },
  {
    name: 'a make-up day that is already a working day',
    edit: replace('calendars.yaml', 'makeUpDays: [2026-09-20, 2026-10-10]', 'makeUpDays: [2026-09-21, 2026-10-10]'),
    at: { file: 'calendars.yaml', text: '2026-09-21' },
    path: 'calendars.office-shanghai.holidays.2026[6].makeUpDays[0]',
    message: /^make-up day 2026-09-21 is a Monday, not a weekend day/,
  },
  {
    name: 'a required file is missing',
    edit: { file: 'auth.yaml', remove: true },
    at: { file: 'auth.yaml', text: '' },
    path: '(root)',
    message: 'file is missing',
  },
  {
    name: 'a group lead who is not a member',
    edit: replace('groups.yaml', '    lead: zhang.wei', '    lead: zhang.san'),
    at: { file: 'groups.yaml', text: 'lead: zhang.san' },
    path: 'groups.network.lead',
    message: "lead 'zhang.san' is not a member of group 'network'",
  },
  {
    name: 'an assignment member who is not in the group',
    edit: replace('routing.yaml', 'identity-access: { strategy: round-robin, members: [{ id: wang.fang }] }', 'identity-access: { strategy: round-robin, members: [{ id: wang.fan }] }'),
    at: { file: 'routing.yaml', text: 'id: wang.fan }' },
    path: 'assignment.identity-access.members[0].id',
    message: "'wang.fan' is not a member of group 'identity-access' in groups.yaml",
  },
  {
    name: 'an assignment for a group that does not exist',
    edit: replace('routing.yaml', '  infrastructure: { strategy: fewest-open, members: [{ id: wu.qiang }] }', '  infrastructure: { strategy: fewest-open, members: [{ id: wu.qiang }] }\n  helpdesk: { strategy: round-robin, members: [{ id: li.na }] }'),
    at: { file: 'routing.yaml', text: 'helpdesk:' },
    path: 'assignment.helpdesk',
    message: /^unknown group 'helpdesk'/,
  },
  {
    name: 'an unknown assignment strategy',
    edit: replace('routing.yaml', 'security: { strategy: fewest-open,', 'security: { strategy: least-busy,'),
    at: { file: 'routing.yaml', text: 'strategy: least-busy' },
    path: 'assignment.security.strategy',
    message: /least-busy|expected one of/,
  },
  {
    name: 'a bad mail address',
    edit: replace('desk.yaml', 'fromAddress: itdesk@corp.example', 'fromAddress: itdesk(at)corp.example'),
    at: { file: 'desk.yaml', text: 'fromAddress' },
    path: 'fromAddress',
    message: 'expected a mail address, got "itdesk(at)corp.example"',
  },
  {
    name: 'a bad ticket prefix',
    edit: replace('desk.yaml', 'ticketPrefix: IT', 'ticketPrefix: it-desk'),
    at: { file: 'desk.yaml', text: 'ticketPrefix' },
    path: 'ticketPrefix',
    message: 'use 1–6 capital letters, e.g. IT',
  },
  {
    name: 'an unknown priority in the matrix',
    edit: replace('routing.yaml', 'individual: { critical: P2, high: P3, medium: P3, low: P4 }', 'individual: { critical: P2, high: P3, medium: P3, low: P5 }'),
    at: { file: 'routing.yaml', text: 'low: P5' },
    path: 'priority.matrix.individual.low',
    message: 'expected one of P1, P2, P3, P4, got "P5"',
  },
  {
    name: 'a matrix row missing a cell',
    edit: replace('routing.yaml', 'company:    { critical: P1, high: P1, medium: P2, low: P3 }', 'company:    { critical: P1, high: P1, medium: P2 }'),
    at: { file: 'routing.yaml', text: 'company:    {' },
    path: 'priority.matrix.company.low',
    message: "missing priority for impact 'company' × urgency 'low'",
  },
  {
    name: 'an unknown role to notify',
    edit: replace('sla.yaml', '{ after: 2h, notify: [itManager] }', '{ after: 2h, notify: [itManager, ceo] }'),
    at: { file: 'sla.yaml', text: 'ceo' },
    path: 'policies.standard.escalation.resolution[2].notify[1]',
    message: 'expected one of assignee, groupLead, groupEscalation, dutySupervisor, itManager, got "ceo"',
  },
  {
    name: 'an escalation level with both at and after',
    edit: replace('sla.yaml', '{ after: 2h, notify: [itManager] }', '{ at: 150%, after: 2h, notify: [itManager] }'),
    at: { file: 'sla.yaml', text: '{ at: 150%' },
    path: 'policies.standard.escalation.resolution[2]',
    message: "give exactly one of 'at' (e.g. 75%) or 'after' (e.g. 30m after the breach)",
  },
  {
    name: 'an unknown pending reason',
    edit: replace('sla.yaml', 'pauseResolutionWhilePending: [requester, vendor, approval]', 'pauseResolutionWhilePending: [requester, customer, approval]'),
    at: { file: 'sla.yaml', text: 'customer' },
    path: 'pauseResolutionWhilePending[1]',
    message: 'expected one of requester, vendor, approval, got "customer"',
  },
  {
    name: 'an SLA override for an unknown category',
    edit: replace('sla.yaml', 'overrides: []', 'overrides:\n  - { when: { category: printers }, policy: standard }'),
    at: { file: 'sla.yaml', text: 'category: printers' },
    path: 'overrides[0].when.category',
    message: /^unknown category 'printers'/,
  },
  {
    name: 'a token env that is not an environment variable name',
    edit: replace('auth.yaml', 'tokenEnv: ITDESK_ADMIN_TOKEN', 'tokenEnv: itdesk-admin-token'),
    at: { file: 'auth.yaml', text: 'tokenEnv: itdesk-admin-token' },
    path: 'tokens[0].tokenEnv',
    message: 'an environment variable name',
  },
  {
    name: 'a token with both a hash and an env var',
    edit: replace('auth.yaml', 'tokenEnv: ITDESK_AGENT_TOKEN }', `tokenEnv: ITDESK_AGENT_TOKEN, sha256: ${'a'.repeat(64)} }`),
    at: { file: 'auth.yaml', text: '{ name: service desk agent' },
    path: 'tokens[1]',
    message: "give exactly one of 'sha256' or 'tokenEnv'",
  },
  {
    name: 'a routing test case that expects an unknown group',
    edit: replace('routing.cases.yaml', 'expect: { category: network, group: network, priority: P3, rule: network }', 'expect: { category: network, group: networks, priority: P3, rule: network }'),
    at: { file: 'routing.cases.yaml', text: 'group: networks' },
    path: '[1].expect.group',
    message: /^unknown group 'networks' \(known: /,
  },
  {
    name: 'a routing test case with an unknown key',
    edit: replace('routing.cases.yaml', 'given: { title: 账号锁定,', 'given: { titel: 账号锁定,'),
    at: { file: 'routing.cases.yaml', text: 'titel' },
    path: '[4].given.titel',
    message: "unknown key 'titel'",
  },
  {
    name: 'a directory entry with a bad mail address',
    edit: { file: 'directory.yaml', write: 'people:\n  - { email: zhang.san@corp.example, name: 张三 }\n  - { email: li.si-at-corp.example, name: 李四 }\n' },
    at: { file: 'directory.yaml', text: 'email: li.si' },
    path: 'people[1].email',
    message: 'expected a mail address, got "li.si-at-corp.example"',
  },
  {
    name: 'a file saved in GBK instead of UTF-8',
    edit: { file: 'groups.yaml', reencode: 'gbk' },
    // The first Chinese character (in a comment): where the bytes stop being UTF-8.
    at: { file: 'groups.yaml', text: '李娜, email: li.na@corp.example, calendar: office-shanghai' },
    path: '(root)',
    message: /^the file is not UTF-8 \(byte 0xC0 here\); it looks like GBK\/GB18030 \(the default of Chinese Windows editors\): save it as UTF-8/,
  },
  {
    name: 'an approver who is not a member of any group',
    edit: { file: 'approvals.yaml', write: 'categories:\n  account: { approver: { role: person, person: nobody.here }, reminderAfter: 4h, timeoutAfter: 3d, onTimeout: escalate }\n' },
    at: { file: 'approvals.yaml', text: 'person: nobody.here' },
    path: 'categories.account.approver.person',
    message: "'nobody.here' is not a member of any group in groups.yaml",
  },
  {
    name: 'approvals for a category that does not exist',
    edit: { file: 'approvals.yaml', write: 'categories:\n  licences: { approver: { role: moduleOwner }, reminderAfter: 4h, timeoutAfter: 3d, onTimeout: reject }\n' },
    at: { file: 'approvals.yaml', text: 'licences:' },
    path: 'categories.licences',
    message: /^unknown category 'licences' \(known: hardware, /,
  },
  {
    name: 'a response target longer than the resolution target',
    edit: replace('sla.yaml', 'P4: { calendar: office-shanghai, response: 4h, resolution: 7h30m }', 'P4: { calendar: office-shanghai, response: 8h, resolution: 7h30m }'),
    at: { file: 'sla.yaml', text: 'response: 8h' },
    path: 'policies.standard.targets.P4.response',
    message: 'warning: the response target 8h is longer than the resolution target 7h30m: a ticket would be due resolved before it is due a first response',
    warning: true,
  },
  {
    name: 'a workaround kind that does not exist',
    edit: replace('sla.yaml', 'P2: { resolution: [workaround] }', 'P2: { resolution: [quickfix] }'),
    at: { file: 'sla.yaml', text: 'quickfix' },
    path: 'policies.standard.workaroundMeets.P2.resolution[0]',
    message: /^expected one of workaround, containment/,
  },
  {
    name: 'workarounds for a priority that does not exist',
    edit: replace('sla.yaml', 'P2: { resolution: [workaround] }', 'P5: { resolution: [workaround] }'),
    at: { file: 'sla.yaml', text: 'P5:' },
    path: 'policies.standard.workaroundMeets.P5',
    message: "unknown priority 'P5' (known: P1, P2, P3, P4)",
  },
  {
    name: 'a misspelt end of the resolution clock',
    edit: replace('sla.yaml', 'resolutionEndsAt: resolve', 'resolutionEndsAt: on-confirm'),
    at: { file: 'sla.yaml', text: 'resolutionEndsAt: on-confirm' },
    path: 'policies.standard.resolutionEndsAt',
    message: 'give resolve or confirmation, or one per priority such as { P3: confirmation }',
  },
  {
    name: 'resolution at confirmation with an auto-close far beyond the target',
    edit: replace('sla.yaml', 'resolutionEndsAt: resolve', 'resolutionEndsAt: { P3: confirmation }'),
    at: { file: 'sla.yaml', text: 'P3: confirmation' },
    path: 'policies.standard.resolutionEndsAt.P3',
    message: /^warning: P3: the resolution clock runs until the requester confirms, but a silent requester's ticket closes only after 72h/,
    warning: true,
  },
  {
    name: 'visits on a calendar that does not exist',
    edit: replace('sla.yaml', 'calendar: always\n      arrival:', 'calendar: office-beijing\n      arrival:'),
    at: { file: 'sla.yaml', text: 'calendar: office-beijing' },
    path: 'policies.standard.visits.calendar',
    message: "unknown calendar 'office-beijing' (known: always, office-shanghai)",
  },
  {
    name: 'an arrival target for a site kind that does not exist',
    edit: replace('sla.yaml', 'arrival: { same-site: 2h, other-office: 24h }', 'arrival: { same-site: 2h, other-office: 24h, abroad: 72h }'),
    at: { file: 'sla.yaml', text: 'abroad' },
    path: 'policies.standard.visits.arrival.abroad',
    message: "unknown key 'abroad'",
  },
  {
    name: 'arrival levels without visit targets',
    edit: replace('sla.yaml', '    visits:\n      calendar: always\n      arrival: { same-site: 2h, other-office: 24h }\n', ''),
    at: { file: 'sla.yaml', text: 'arrival:\n        - { at: 100%' },
    path: 'policies.standard.escalation.arrival',
    message: "warning: arrival levels without 'visits' targets never fire: add visits { calendar, arrival }",
    warning: true,
  },
  {
    name: 'a YAML alias bomb',
    edit: {
      file: 'directory.yaml',
      write: 'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n',
    },
    at: { file: 'directory.yaml', text: '*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]' },
    path: '(root)',
    message: 'too many alias expansions (a YAML alias bomb?): write the values out instead of nesting aliases',
  },
  {
    name: 'an empty file',
    edit: { file: 'desk.yaml', write: '# desk settings, to be written\n\n' },
    at: { file: 'desk.yaml', text: '# desk settings' },
    path: '(root)',
    message: 'the file is empty (only blanks or comments); it needs its settings',
  },
  {
    name: 'a routing assignment for a group named constructor',
    edit: replace('routing.yaml', '  infrastructure: { strategy: fewest-open, members: [{ id: wu.qiang }] }', '  infrastructure: { strategy: fewest-open, members: [{ id: wu.qiang }] }\n  constructor: { strategy: round-robin, members: [{ id: li.na }] }'),
    at: { file: 'routing.yaml', text: 'constructor:' },
    path: 'assignment.constructor',
    message: /^unknown group 'constructor' \(known: /,
  },
];

const ISSUE_LINE = /^(?<file>[^:]+):(?<line>\d+):(?<col>\d+): (?<path>\S+): (?<message>.*)$/;
function parseIssueLine(text: string) {
  const groups = ISSUE_LINE.exec(text)?.groups;
  return groups && { file: groups.file, line: Number(groups.line), col: Number(groups.col), path: groups.path, message: groups.message };
}

describe('config check on broken configs', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await removeCopy(dir);
    dir = undefined;
  });

  it('accepts the shipped config as it is', async () => {
    dir = await copyShippedConfig();
    const lines: string[] = [];
    expect(await configCheck([dir], (line) => lines.push(line))).toBe(0);
    expect(lines.filter((l) => !l.includes('warning:')).at(-1)).toMatch(/^config OK: .* \(version [0-9a-f]{12}, with routing.cases.yaml\)$/);
  });

  it.each(cases)('$name', async ({ edit, at, path, message, lineOnly, warning }) => {
    dir = await copyShippedConfig([edit]);
    const lines: string[] = [];
    const exitCode = await configCheck([dir], (line) => lines.push(withoutDir(dir!, line)));
    expect(exitCode, lines.join('\n')).toBe(warning ? 0 : 1);
    // A re-encoded file has the shipped file's text, so its positions are the shipped file's.
    const { line, col } = 'remove' in edit ? { line: 1, col: 1 } : await positionIn('reencode' in edit ? SHIPPED_CONFIG_DIR : dir, at.file, at.text);
    const file = 'remove' in edit ? edit.file : at.file;
    const reported = lines.map(parseIssueLine).filter((issue) => issue !== undefined);
    const here = reported.filter(
      (issue) => issue.file === file && issue.line === line && (lineOnly || issue.col === col) && issue.path === path,
    );
    expect(here, `no error at ${file}:${line}:${lineOnly ? '*' : col}: ${path}\n${lines.join('\n')}`).not.toEqual([]);
    const messages = here.map((issue) => issue.message);
    if (typeof message === 'string') expect(messages).toContain(message);
    else expect(messages.some((m) => message.test(m)), `${messages.join('\n')} should match ${message}`).toBe(true);
  });

  it('tests at least 25 distinct broken configs', () => {
    expect(new Set(cases.map((c) => c.name)).size).toBeGreaterThanOrEqual(25);
  });
});
