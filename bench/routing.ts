// Measures routeTicket throughput: 200 rules of mixed kinds against realistic Chinese/English
// tickets, most of which fall through nearly every rule (the expensive case). Run: npx tsx bench/routing.ts [N]
import { compileRules } from '../routing/compile';
import { routeTicket, type RoutingContext } from '../routing/evaluate';
import { compilePriorityMatrix } from '../routing/priority';
import { PriorityMatrixSchema, RoutableTicketSchema, RoutingRulesSchema, type RoutableTicket } from '../routing/schema';

const RULE_COUNT = 200;
const TICKET_COUNT = Number(process.argv[2] ?? 20_000);

// Deterministic pseudo-random numbers so runs are comparable.
let seed = 20260930;
function random(): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];

const SYSTEMS = ['ERP', 'OA', 'CRM', 'MES', '财务系统', '人事系统', '报销系统', '邮件系统', '门禁系统', '视频会议'];
const DEPARTMENTS = ['财务部', '人事部', '销售部', '采购部', '生产部', '研发中心', '总经办', '法务部', '市场部', '客服中心'];
const LOCATIONS = ['上海总部', '北京分公司', '苏州工厂', '深圳研发中心', '成都办事处'];
const CHANNELS = ['api', 'mail', 'phone', 'im', 'walk-in'] as const;
const CATEGORIES = ['hardware', 'software', 'network', 'account', 'security', 'other'];
const GROUPS = ['service-desk', 'desktop', 'network', 'identity-access', 'security', 'business-apps', 'infrastructure'];

function generateRules(): unknown[] {
  const rules: unknown[] = [
    { name: 'vip-watch', when: { requester: { vip: true } }, then: { tags: ['vip'], watchers: ['it-manager'] }, continue: true },
    { name: 'after-hours', when: { timeOfDay: { calendar: 'office-hours', within: 'outside' } }, then: { tags: ['after-hours'] }, continue: true },
  ];
  for (let i = rules.length; i < RULE_COUNT - 8; i++) {
    const then = { group: pick(GROUPS), category: pick(CATEGORIES) };
    const name = `rule-${i}`;
    switch (i % 6) {
      case 0: // keywords that rarely appear: the bulk of a big rule set is narrow rules
        rules.push({ name, when: { keywords: [`${pick(SYSTEMS)}模块${i}报错`, `错误码 E${1000 + i}`, `工单模板${i}`, `asset-${i}`] }, then });
        break;
      case 1:
        rules.push({ name, when: { regex: `(资产|设备)编号\\s*${i}\\d{3}|serial\\s*sn${i}` }, then });
        break;
      case 2:
        rules.push({ name, when: { affectedSystem: [pick(SYSTEMS), pick(SYSTEMS)], keywords: ['无法', '报错', '打不开'] }, then });
        break;
      case 3:
        rules.push({ name, when: { requester: { department: pick(DEPARTMENTS), location: pick(LOCATIONS) }, channel: pick(CHANNELS) }, then });
        break;
      case 4:
        rules.push({ name, when: { channel: 'mail', mailbox: `dept${i}@example.cn` }, then });
        break;
      case 5:
        rules.push({ name, when: { category: pick(CATEGORIES), keywords: [`项目${i}`], fields: ['title'] }, then });
        break;
    }
  }
  rules.push(
    { name: 'decline-pirated', when: { keywords: ['盗版', '破解版', 'cracked'] }, then: { decline: { reason: '不支持盗版软件', template: 'decline' } } },
    { name: 'infrastructure', when: { regex: '(服务器|机房|数据库).{0,8}(宕机|挂了|故障)|server.{0,10}down' }, then: { group: 'infrastructure' } },
    { name: 'access', when: { regex: '(申请|开通).{0,12}(权限|账号)' }, then: { group: 'identity-access', category: 'account' } },
    { name: 'account', when: { keywords: ['密码', '锁定', 'password'] }, then: { group: 'identity-access', category: 'account' } },
    { name: 'printer', when: { keywords: ['打印机', '卡纸', 'printer'] }, then: { group: 'desktop', category: 'hardware' } },
    { name: 'network', when: { keywords: ['vpn', '网络', 'wifi', '断网'] }, then: { group: 'network', category: 'network' } },
    { name: 'desktop', when: { keywords: ['电脑', '笔记本', '显示器', '蓝屏'] }, then: { group: 'desktop', category: 'hardware' } },
    { name: 'rest', then: { group: 'service-desk' } },
  );
  return rules;
}

const TITLES = [
  '打印机卡纸', 'VPN 连不上', '申请 ERP 权限', '邮箱密码忘了', '账号锁定', '服务器宕机', '安装盗版软件',
  '笔记本蓝屏', '会议室投影仪没信号', 'Outlook keeps asking for my password', 'WiFi 经常掉线', '报销系统打不开',
];
const DETAILS = [
  '从今天早上开始就这样了，重启过电脑也没用，麻烦尽快处理，谢谢。',
  '提示错误：连接超时，请检查网络设置。同事那边也有类似情况。',
  '下午要给客户演示，比较着急。已经试过重新登录，还是不行。',
  'Tried restarting twice, still the same error message on screen.',
];

function generateTickets(count: number): RoutableTicket[] {
  return Array.from({ length: count }, () =>
    RoutableTicketSchema.parse({
      title: pick(TITLES),
      description: `${pick(DETAILS)}${pick(DETAILS)}`,
      channel: pick(CHANNELS),
      mailbox: random() < 0.5 ? 'it@example.cn' : undefined,
      requester: { department: pick(DEPARTMENTS), location: pick(LOCATIONS), vip: random() < 0.05 },
      affectedSystem: random() < 0.4 ? pick(SYSTEMS) : undefined,
    }),
  );
}

const rules = compileRules(RoutingRulesSchema.parse(generateRules()));
const matrix = compilePriorityMatrix(
  PriorityMatrixSchema.parse({
    matrix: {
      company: { critical: 'P1', high: 'P1', medium: 'P2', low: 'P3' },
      department: { critical: 'P1', high: 'P2', medium: 'P3', low: 'P3' },
      individual: { critical: 'P2', high: 'P3', medium: 'P3', low: 'P4' },
    },
    keywordOverrides: [{ pattern: '服务器.{0,6}(宕机|挂了)|核心系统.{0,6}(宕机|瘫痪)|数据泄露|data leak', priority: 'P1' }],
    vipBump: 1,
  }),
);
const tickets = generateTickets(TICKET_COUNT);
const ctx: RoutingContext = { isWorkingTime: (_calendar, at) => at.getUTCHours() >= 1 && at.getUTCHours() < 10, now: new Date('2026-09-30T02:00:00Z') };

function routeAll(): number {
  let evaluatedRules = 0;
  for (const ticket of tickets) evaluatedRules += routeTicket(rules, matrix, ticket, ctx).trace.length;
  return evaluatedRules;
}

routeAll(); // warm up the JIT
const started = performance.now();
const evaluatedRules = routeAll();
const seconds = (performance.now() - started) / 1000;

console.log(`rules: ${rules.rules.length}, tickets: ${tickets.length}`);
console.log(`rules evaluated per ticket (mean): ${(evaluatedRules / tickets.length).toFixed(1)}`);
console.log(`routeTicket: ${Math.round(tickets.length / seconds).toLocaleString('en-US')} tickets/s (${((seconds / tickets.length) * 1e6).toFixed(1)} µs/ticket)`);
