import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfigOrThrow, type LoadedConfig } from '../../config/load';
import { deskTimeZone } from '../../config/deskZone';
import { archiveTicket } from '../../store/archive';
import { backfillArchiveSearch, listArchived, unarchivedNumbersOpenedBetween } from '../../store/archiveSearch';
import { archivedFactsFor, backfillTicketFacts } from '../../store/reportFacts';
import { openDatabase, type Db } from '../../store/db';
import { allocateTicketNumber } from '../../store/ticketNumbers';
import { InvalidPeriodError, parsePeriod, parsePeriodBound } from '../../sla/period';
import { playTicket, type TicketSpec } from '../support/ticketHistory';

describe('periods people type', () => {
  const cases = [
    { given: '2026-11-01', expect: '2026-10-31T16:00:00.000Z' }, // local midnight in Shanghai
    { given: '2026-11-01T09:30:00+08:00', expect: '2026-11-01T01:30:00.000Z' },
    { given: '2026-11-01T01:30:00Z', expect: '2026-11-01T01:30:00.000Z' },
  ];
  for (const c of cases) it(`reads ${c.given}`, () => expect(parsePeriodBound(c.given, 'Asia/Shanghai', 'from').toISOString()).toBe(c.expect));
  const bad = ['2026-02-30', '2026-11-01T09:30:00', 'last week', ''];
  for (const b of bad) it(`refuses '${b}'`, () => expect(() => parsePeriodBound(b, 'Asia/Shanghai', 'from')).toThrow(InvalidPeriodError));
  it('refuses a period that ends before it starts', () => expect(() => parsePeriod('2026-12-01', '2026-11-01', 'Asia/Shanghai')).toThrow(/not after/));
});

describe('archive search', () => {
  let db: Db;
  let config: LoadedConfig;
  const tickets: TicketSpec[] = [
    { number: 'AR-000001', openedAt: '2026-11-02T10:00:00+08:00', title: '打印机卡纸', description: '三楼打印机卡纸，无法打印', priority: 'P3',
      steps: [{ at: '2026-11-02T10:30:00+08:00', do: 'respond', by: 'chen.jie' }, { at: '2026-11-02T11:00:00+08:00', do: 'resolve', by: 'chen.jie', note: '清理卡纸，更换搓纸轮' }, { at: '2026-11-02T12:00:00+08:00', do: 'close', how: 'requester' }] },
    { number: 'AR-000002', openedAt: '2026-11-05T10:00:00+08:00', title: 'Shared printer fails', errorMessage: 'Operation failed with error 0x0000011b', priority: 'P3', category: 'network', group: 'network',
      steps: [{ at: '2026-11-05T10:30:00+08:00', do: 'resolve', by: 'zhang.wei', note: 'Installed the cumulative update on the print server' }, { at: '2026-11-06T10:00:00+08:00', do: 'close', how: 'timeout' }] },
    { number: 'AR-000003', openedAt: '2026-12-03T10:00:00+08:00', title: '忘记密码', priority: 'P4', category: 'account', group: 'identity-access',
      steps: [{ at: '2026-12-03T10:05:00+08:00', do: 'cancel' }] },
  ];
  beforeAll(async () => {
    db = await openDatabase(':memory:');
    config = await loadConfigOrThrow('config');
    for (const spec of tickets) await archiveTicket(db, playTicket(spec, config.calendars));
  });
  afterAll(() => db.close());

  const searches = [
    { name: 'a two-character Chinese word in the description', filter: { q: '打印' }, expect: ['AR-000001'] },
    { name: 'a word of the resolution', filter: { q: '搓纸轮' }, expect: ['AR-000001'] },
    { name: 'an error code in the error message', filter: { q: '0x0000011b' }, expect: ['AR-000002'] },
    { name: 'English words of the resolution, stemmed', filter: { q: 'installed updates' }, expect: ['AR-000002'] },
    { name: 'the ticket number', filter: { q: 'AR-000003' }, expect: ['AR-000003'] },
    { name: 'words and a status', filter: { q: 'printer', status: 'cancelled' }, expect: [] },
    { name: 'a status', filter: { status: 'closed' }, expect: ['AR-000002', 'AR-000001'] },
    { name: 'a group', filter: { group: 'network' }, expect: ['AR-000002'] },
    { name: 'a period of opening', filter: { from: new Date('2026-11-01T00:00:00+08:00'), to: new Date('2026-12-01T00:00:00+08:00') }, expect: ['AR-000002', 'AR-000001'] },
    { name: 'a period and a priority', filter: { from: new Date('2026-11-01T00:00:00+08:00'), priority: 'P4' }, expect: ['AR-000003'] },
    { name: 'a requester', filter: { requester: 'bob@corp.example' }, expect: [] },
    { name: 'punctuation only', filter: { q: '？！' }, expect: [] },
  ];
  for (const s of searches)
    it(`finds by ${s.name}`, async () => expect((await listArchived(db, s.filter, 50)).map((t) => t.number)).toEqual(s.expect));

  it('summarises like the live list, with opening and closing times', async () => {
    const [t] = await listArchived(db, { q: '卡纸' }, 5);
    expect(t).toMatchObject({ number: 'AR-000001', status: 'closed', priority: 'P3', group: 'desktop', source: 'archive', createdAt: '2026-11-02T02:00:00.000Z', closedAt: '2026-11-02T04:00:00.000Z', breached: false });
  });

  it('names the numbers of a period that are not archived yet (still open)', async () => {
    // The archived tickets' own numbers, as intake handed them out, and one more still open.
    for (const [key, at] of [['k1', '2026-11-02T02:00:00Z'], ['k2', '2026-11-05T02:00:00Z'], ['k3', '2026-12-03T02:00:00Z'], ['k4', '2026-11-20T00:00:00Z'], ['k5', '2026-12-20T00:00:00Z']])
      await allocateTicketNumber(db, key, { prefix: 'AR', digits: 6 }, new Date(at));
    const open = await unarchivedNumbersOpenedBetween(db, new Date('2026-11-01T00:00:00Z'), new Date('2026-12-01T00:00:00Z'));
    expect(open).toEqual([{ number: 'AR-000004', createdAt: '2026-11-20T00:00:00.000Z' }]);
    const fromOnly = await unarchivedNumbersOpenedBetween(db, new Date('2026-11-01T00:00:00Z'), undefined);
    expect(fromOnly.map((n) => n.number)).toEqual(['AR-000005', 'AR-000004']);
  });

  it('indexes tickets archived before the index existed', async () => {
    await db.exec('DELETE FROM ticket_search');
    expect(await listArchived(db, { q: '打印' }, 5)).toEqual([]);
    expect(await backfillArchiveSearch(db, 2)).toBe(3);
    expect((await listArchived(db, { q: '打印' }, 5)).map((t) => t.number)).toEqual(['AR-000001']);
    expect(await backfillArchiveSearch(db)).toBe(0);
  });

  it('keeps report facts with the archive and reads those that matter to a period', async () => {
    const november = [new Date('2026-11-01T00:00:00+08:00'), new Date('2026-12-01T00:00:00+08:00')] as const;
    expect((await archivedFactsFor(db, ...november)).map((f) => f.number).sort()).toEqual(['AR-000001', 'AR-000002']);
    expect((await archivedFactsFor(db, ...november, 'network')).map((f) => f.number)).toEqual(['AR-000002']);
    // Finished before the period: nothing happened to it in P, and it is not backlog at the end.
    expect(await archivedFactsFor(db, new Date('2026-11-10T00:00:00+08:00'), new Date('2026-11-20T00:00:00+08:00'))).toEqual([]);
    await db.exec("DELETE FROM ticket_facts WHERE number = 'AR-000001'; UPDATE ticket_facts SET facts_version = 0");
    expect(await backfillTicketFacts(db)).toBe(3);
    expect((await archivedFactsFor(db, ...november)).find((f) => f.number === 'AR-000001')).toMatchObject({ status: 'closed', closedBy: 'requester', firstResponder: 'chen.jie' });
  });

  it("takes the desk's zone from the office calendar", () => expect(deskTimeZone(config)).toBe('Asia/Shanghai'));
});
