// Issue #12's pages in a real browser (Debian's chromium): a requester asks for software from
// the catalogue and follows its approval steps; an agent works a P1 that is a major incident,
// with a workaround, a booked visit, a watcher and an affected ticket. Every field is labelled,
// the pages fit the window, and screenshots land in artifacts/screenshots.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { alice, startTestDesk, waitUntil, type TestDesk } from '../support/testDesk';
import { signInLinkFor } from '../support/webDesk';
import { fitsWidth, launchBrowser, screenshot, unlabelledFields } from '../support/browser';

let desk: TestDesk;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [desk, browser] = await Promise.all([startTestDesk('service-model-browser', {}, 'SMB'), launchBrowser()]);
});
afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await desk?.stop();
});

async function signedIn(locale: string, email: string): Promise<Page> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const since = Date.now() - 5;
  await page.goto(`${desk.url}/portal/signin`);
  await page.locator('input[name=email]').fill(email);
  await page.locator('form[action="/portal/signin"] button[type=submit]').click();
  await page.waitForURL(/\/portal\/signin$/);
  await page.goto(`${desk.url}${await signInLinkFor(desk, email, since)}`);
  await page.locator('main form button[type=submit]').click();
  await page.waitForURL(/\/(portal|desk)$/);
  return page;
}

async function act(number: string, route: string, body: unknown, token: 'agent' | 'admin' = 'agent') {
  const res = await desk.api('POST', `/api/tickets/${number}/${route}`, { body, token });
  expect(res.status, `${route}: ${JSON.stringify(res.body)}`).toBe(200);
  return res.body;
}

describe('the service model in a real browser', () => {
  it('a requester asks for software from the catalogue and sees its approval steps', async () => {
    const page = await signedIn('zh-CN', alice.email);
    await page.goto(`${desk.url}/portal/new`);
    await page.getByRole('link', { name: '软件安装' }).click();
    await page.waitForURL(/\/portal\/new\?item=software-installation$/);
    expect(await unlabelledFields(page)).toEqual([]);
    await page.locator('#f-field-software').fill('Visio 2021');
    await page.locator('#f-field-licence').selectOption('owned');
    await page.locator('#f-field-businessReason').fill('绘制网络拓扑图');
    await screenshot(page, 'zh-CN-portal-catalogue-request');
    await page.locator('main form button[type=submit]').last().click();
    await page.waitForURL(/\/portal\/tickets\/SMB-\d+$/);
    const text = await page.locator('main').innerText();
    expect(text).toContain('Visio 2021');
    expect(text).toContain('公司已购'); // the choice as the requester saw it, not its value
    expect(text).toContain('直属上级审批');
    expect(text).toContain('IT 审批（软件合规）');
    expect(await fitsWidth(page)).toBe(true);
    await screenshot(page, 'zh-CN-portal-request-ticket');
  }, 90_000);

  it('an agent works a major incident with a workaround, a visit, a watcher and an affected ticket', async () => {
    const open = async (title: string, priority: string) => {
      const res = await desk.api('POST', '/api/tickets', { body: { requester: alice, title, description: title, category: 'network', priority } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.number as string;
    };
    const major = await open('总部无线网络全部中断', 'P1');
    // A hostile title shows as text on every page that names the affected ticket.
    const hostile = '<img src=x onerror="window.__xss=1">会议室连不上 Wi-Fi';
    const affected = await open(hostile, 'P3');
    await act(major, 'declare-major-incident', { reason: '总部所有楼层无线 AP 掉线', keywords: ['wifi', '无线'] }, 'admin');
    await act(major, 'link-tickets', { tickets: [affected] });
    await act(major, 'workaround', { kind: 'containment', note: '已启用备用有线网络和 4G 热点' });
    await act(major, 'visits', { scheduledAt: new Date(Date.now() + 3_600_000).toISOString(), place: '总部 3 楼机房', site: 'same-site' });
    await act(major, 'watch', { address: 'cto@corp.example', updates: 'all' });
    await waitUntil('the link on the affected ticket', async () => ((await desk.api('GET', `/api/tickets/${affected}`)).body.affectedBy?.number === major ? true : undefined), 30_000);

    const page = await signedIn('en', 'li.na@corp.example');
    await page.goto(`${desk.url}/desk/tickets/${major}`);
    const text = await page.locator('main').innerText();
    for (const words of ['Major incident', 'Affected tickets (1)', '已启用备用有线网络和 4G 热点', '总部 3 楼机房', 'cto@corp.example']) expect(text).toContain(words);
    expect(await unlabelledFields(page)).toEqual([]);
    expect(await fitsWidth(page)).toBe(true);
    await screenshot(page, 'en-desk-major-incident');

    await page.goto(`${desk.url}/desk/tickets/${affected}`);
    expect(await page.locator('main').innerText()).toContain(`Part of the major incident ${major}`);
    expect(await page.locator('main').innerText()).toContain(hostile);
    await screenshot(page, 'en-desk-affected-ticket');

    // The same pages in Chinese, and the requester's view of the affected ticket.
    const zh = await signedIn('zh-CN', 'li.na@corp.example');
    await zh.goto(`${desk.url}/desk/tickets/${major}`);
    expect(await zh.locator('main').innerText()).toContain('受影响的工单（1）');
    expect(await unlabelledFields(zh)).toEqual([]);
    await screenshot(zh, 'zh-CN-desk-major-incident');
    const requester = await signedIn('zh-CN', alice.email);
    await requester.goto(`${desk.url}/portal/tickets/${affected}`);
    expect(await requester.locator('main').innerText()).toContain('您的问题属于一次已知的重大故障（总部无线网络全部中断）');
    expect(await requester.locator('main').innerText()).toContain(hostile);
    await screenshot(requester, 'zh-CN-portal-affected-ticket');
    for (const p of [page, zh, requester]) expect(await p.evaluate(() => (globalThis as { __xss?: number }).__xss)).toBeUndefined();
  }, 90_000);
});
