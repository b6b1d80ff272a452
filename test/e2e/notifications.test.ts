/// <reference lib="dom" />
import type { Browser } from 'playwright-core';
import { StaffUser } from '../../src/db/entities';
import { sendWeeklyDigests } from '../../src/services/digests';
import { launchChromium } from '../support/browser';
import { departmentId, fileReport } from '../support/reports';
import { staffSession } from '../support/staff-session';
import { TestApp, createTestApp, listenOnLoopback } from '../support/test-app';

/** A leader finds the weekly digest in the console: unread badge, the message, a late report's link. */
describe('weekly digest in the console (Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  beforeAll(async () => {
    t = await createTestApp();
    base = await listenOnLoopback(t);
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows the unread count, opens the digest, marks it read and links to the late report', async () => {
    const sanitation = await departmentId(t, 'sanitation');
    await staffSession(t, 'digest-e2e-leader', 'leader', sanitation);
    const late = await fileReport(t, '小区门口垃圾桶满了三天没人清运');
    // Filed "two weeks ago": late by now, and the digest for last week is due.
    await t.dataSource.query(
      `UPDATE submission SET created_at = now() - interval '14 days', accept_deadline = now() - interval '13 days',
              resolve_deadline = now() - interval '11 days' WHERE id = $1`,
      [late.id],
    );
    expect(await sendWeeklyDigests(t.dataSource, new Date(), 0)).toBeGreaterThanOrEqual(1);
    const leader = await t.dataSource.getRepository(StaffUser).findOneByOrFail({ username: 'digest-e2e-leader' });

    const page = await browser.newPage({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN' });
    page.setDefaultTimeout(10_000);
    await page.goto(`${base}/console/`);
    await page.fill('#login-form input[name=username]', 'digest-e2e-leader');
    await page.fill('#login-form input[name=password]', 'correct-horse-1');
    await page.click('#login-form button[type=submit]');
    await page.waitForSelector('#queue-table');
    await page.waitForSelector('#unread-count:not([hidden])');
    expect(await page.textContent('#unread-count')).toBe('1');

    await page.click('a[data-nav="notifications"]');
    const message = page.locator('details.notification[data-read="false"]');
    await message.waitFor();
    expect(await message.locator('.notification-title').textContent()).toContain('创城信箱周报');
    await message.locator('summary').click();
    await page.waitForSelector('details.notification[data-read="true"]');
    await page.waitForSelector('#unread-count[hidden]', { state: 'attached' });
    const row = page.locator(`details.notification tr[data-id="${late.id}"]`);
    expect(await row.textContent()).toContain(late.trackingCode);
    await row.locator('a').click();
    await page.waitForSelector(`#detail[data-id="${late.id}"]`);

    const [stored] = await t.dataSource.query('SELECT read_at FROM staff_notification WHERE staff_user_id = $1', [
      leader.id,
    ]);
    expect(stored.read_at).not.toBeNull();
    await page.close();
  }, 60_000);
});
