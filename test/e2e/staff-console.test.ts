/// <reference lib="dom" />
// Callbacks given to page.evaluate and friends run in the browser, hence the DOM types.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { escalateOverdue } from '../../src/services/escalation';
import { departmentId, fileReport } from '../support/reports';
import { launchChromium } from '../support/browser';
import { tinyPng } from '../support/images';
import { staffSession } from '../support/staff-session';
import { TestApp, createTestApp, listenOnLoopback } from '../support/test-app';

/** Screenshots of each step land here (git-ignored), for a person to look at after a run. */
const SHOTS = path.join(__dirname, '../../var/e2e-screenshots');

describe('staff console in Chromium: the closed loop from dispatch to the resident', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    t = await createTestApp();
    base = await listenOnLoopback(t);
    const sanitation = await departmentId(t, 'sanitation');
    await staffSession(t, 'e2e-dispatcher', 'dispatcher', null);
    await staffSession(t, 'e2e-cleaner', 'department_staff', sanitation);
    await staffSession(t, 'e2e-leader', 'leader', sanitation);
    await staffSession(t, 'e2e-admin', 'admin', null);
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function logIn(username: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN' });
    // A missing element fails within seconds, naming its selector, instead of at jest's timeout.
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${base}/console/`);
    await page.fill('#login-form input[name=username]', username);
    await page.fill('#login-form input[name=password]', 'correct-horse-1');
    await page.click('#login-form button[type=submit]');
    await page.waitForSelector('#queue-table');
    return page;
  }

  const openReport = async (page: Page, id: number) => {
    await page.goto(`${base}/console/#/submissions/${id}`);
    await page.waitForSelector(`#detail[data-id="${id}"]`);
  };
  /** Waits for the success message of an action (the log-in greeting is a toast too). */
  const toast = (page: Page, text: string) => page.locator('#toast.toast-success', { hasText: text }).waitFor();
  /** Each action bumps the version, and the page draws the report again with it. */
  const redrawn = async (page: Page, before: string | null) =>
    page.waitForSelector(`#detail[data-version="${Number(before) + 1}"]`);

  it('refuses a wrong password with a readable message', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/console/`);
    await page.fill('#login-form input[name=username]', 'e2e-dispatcher');
    await page.fill('#login-form input[name=password]', 'wrong-password-1');
    await page.click('#login-form button[type=submit]');
    await page.waitForSelector('#login-error:not(:empty)');
    expect(await page.textContent('#login-error')).toContain('用户名或密码不正确');
    await page.close();
  });

  it('dispatcher corrects the category and reassigns; the department accepts and resolves with a photo; the resident sees it', async () => {
    const report = await fileReport(t, '人民路有游商摊贩占道经营，走的时候留下一地垃圾');
    expect(report.department).toBe('urban_management');

    const dispatcher = await logIn('e2e-dispatcher');
    await dispatcher.waitForSelector(`#queue-table tr[data-id="${report.id}"]`);
    await dispatcher.screenshot({ path: path.join(SHOTS, '1-dispatcher-queue.png'), fullPage: true });
    await dispatcher.click(`#queue-table tr[data-id="${report.id}"]`);
    await dispatcher.waitForSelector(`#detail[data-id="${report.id}"]`);
    expect(await dispatcher.textContent('#detail-content')).toContain('游商摊贩');

    const v1 = await dispatcher.getAttribute('#detail', 'data-version');
    await dispatcher.selectOption('#classification-form select[name=category]', 'dirty');
    await dispatcher.selectOption('#classification-form select[name=subcategory]', 'litter');
    await dispatcher.click('#classification-form button[type=submit]');
    await toast(dispatcher, '分类');
    await redrawn(dispatcher, v1);
    await dispatcher.waitForSelector('#timeline li.timeline-item[data-type="classification"]');

    const sanitation = String(await departmentId(t, 'sanitation'));
    const v2 = await dispatcher.getAttribute('#detail', 'data-version');
    await dispatcher.selectOption('#department-form select[name=departmentId]', sanitation);
    await dispatcher.click('#department-form button[type=submit]');
    await toast(dispatcher, '环卫中心');
    await redrawn(dispatcher, v2);
    await dispatcher.waitForFunction(() => document.querySelector('#detail-department')?.textContent?.includes('环卫'));
    await dispatcher.screenshot({ path: path.join(SHOTS, '2-dispatcher-detail.png'), fullPage: true });
    const stored = await t.dataSource.query(
      'SELECT category, subcategory, department_id FROM submission WHERE id = $1',
      [report.id],
    );
    expect(stored[0]).toEqual({ category: 'dirty', subcategory: 'litter', department_id: Number(sanitation) });

    const cleaner = await logIn('e2e-cleaner');
    await cleaner.waitForSelector(`#queue-table tr[data-id="${report.id}"]`);
    await openReport(cleaner, report.id);
    await cleaner.click('#action-buttons button[data-action="accept"]');
    await cleaner.click('#action-submit');
    await cleaner.waitForSelector('#detail[data-status="accepted"]');

    await cleaner.selectOption('#photo-form select[name=kind]', 'after_photo');
    await cleaner.setInputFiles('#photo-form input[name=file]', {
      name: 'after.png',
      mimeType: 'image/png',
      buffer: tinyPng(16),
    });
    await cleaner.click('#photo-form button[type=submit]');
    await cleaner.waitForSelector('#detail-photos figure.photo[data-kind="after_photo"] img');
    // The element appears before its picture has arrived: wait for the browser to finish loading
    // it (a broken picture finishes too, with width 0, and fails below).
    await cleaner.waitForFunction(() =>
      Array.from(
        document.querySelectorAll<HTMLImageElement>('#detail-photos figure.photo[data-kind="after_photo"] img'),
      ).every((img) => img.complete),
    );
    const loaded = await cleaner.$eval(
      '#detail-photos figure.photo[data-kind="after_photo"] img',
      (img) => (img as HTMLImageElement).naturalWidth,
    );
    expect(loaded).toBe(16);

    await cleaner.click('#action-buttons button[data-action="resolve"]');
    await cleaner.fill('#action-form textarea[name=note]', '垃圾已清理干净，已安排每日巡查');
    await cleaner.click('#action-submit');
    await cleaner.waitForSelector('#detail[data-status="resolved"]');
    expect(await cleaner.textContent('#detail-status')).toContain('已整改');
    await cleaner.screenshot({ path: path.join(SHOTS, '3-department-resolved.png'), fullPage: true });

    const resident = await browser.newPage();
    const tracked = await resident.goto(`${base}/api/v1/submissions/${report.trackingCode}`);
    const body = (await tracked!.json()) as { status: string; timeline: { note: string | null }[] };
    expect(body.status).toBe('resolved');
    expect(body.timeline.map((e) => e.note)).toContain('垃圾已清理干净，已安排每日巡查');
    expect(JSON.stringify(body)).not.toContain('游商摊贩占道经营，走的时候');
    await resident.close();
  }, 90_000);

  it('shows what a resident wrote as text and never runs it', async () => {
    const report = await fileReport(
      t,
      '<img src=x onerror="window.__pwned=1">楼道里堆满杂物 <script>window.__pwned=2</script>',
    );
    const page = await logIn('e2e-dispatcher');
    await page.waitForSelector(`#queue-table tr[data-id="${report.id}"]`);
    await openReport(page, report.id);
    expect(await page.textContent('#detail-content')).toContain('<img src=x onerror="window.__pwned=1">');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('#detail-content img').count()).toBe(0);
  });

  it('keeps a tablet-sized screen usable: the queue and the actions are reachable', async () => {
    const context = await browser.newContext({ viewport: { width: 768, height: 1024 } });
    const page = await context.newPage();
    await page.goto(`${base}/console/`);
    await page.fill('#login-form input[name=username]', 'e2e-cleaner');
    await page.fill('#login-form input[name=password]', 'correct-horse-1');
    await page.click('#login-form button[type=submit]');
    await page.waitForSelector('#queue-table');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SHOTS, '4-tablet-queue.png'), fullPage: true });
    await context.close();
  });

  it('shows a leader the late report on the supervision board, and takes a supervision note', async () => {
    const report = await fileReport(t, '公厕好几天没人打扫，脏得没法进');
    await t.dataSource.query(`UPDATE submission SET accept_deadline = now() - interval '1 hour' WHERE id = $1`, [
      report.id,
    ]);
    await escalateOverdue(t.dataSource, new Date());
    const page = await logIn('e2e-leader');
    await page.click('#nav a[data-nav="supervision"]');
    await page.waitForSelector(`#supervision-table tr[data-id="${report.id}"]`);
    await page.screenshot({ path: path.join(SHOTS, '5-leader-supervision.png'), fullPage: true });
    await page.click(`#supervision-table tr[data-id="${report.id}"]`);
    await page.waitForSelector(`#detail[data-id="${report.id}"] #detail-escalated`);
    await page.fill('#supervision-form textarea[name=body]', '请今天下班前处理完毕并反馈');
    await page.click('#supervision-form button[type=submit]');
    await page.waitForSelector('#timeline li.timeline-item[data-type="supervision"]');
    expect(await page.textContent('#timeline')).toContain('请今天下班前处理完毕并反馈');
  });

  it('lets an admin create a staff account from the console, who can then log in', async () => {
    const page = await logIn('e2e-admin');
    await page.click('#nav a[data-nav="admin-staff"]');
    await page.waitForSelector('#staff-form');
    await page.fill('#staff-form input[name=username]', 'new-worker');
    await page.fill('#staff-form input[name=displayName]', '新同事');
    await page.selectOption('#staff-form select[name=role]', 'department_staff');
    await page.fill('#staff-form input[name=password]', 'correct-horse-1');
    await page.selectOption('#staff-form select[name=departmentId]', String(await departmentId(t, 'sanitation')));
    await page.click('#staff-form button[type=submit]');
    await page.waitForSelector('#staff-table tr:has-text("new-worker")');
    await page.screenshot({ path: path.join(SHOTS, '6-admin-staff.png'), fullPage: true });
    const newcomer = await logIn('new-worker');
    expect(await newcomer.textContent('#user-name')).toContain('新同事');
  });
});
