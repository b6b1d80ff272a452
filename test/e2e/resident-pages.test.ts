/// <reference lib="dom" />
// Callbacks given to page.evaluate and friends run in the browser, hence the DOM types.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Submission } from '../../src/db/entities';
import { launchChromium } from '../support/browser';
import { multipart, phonePhoto } from '../support/images';
import { departmentId } from '../support/reports';
import { StaffRequestParts, staffSession } from '../support/staff-session';
import { TestApp, createTestApp, listenOnLoopback } from '../support/test-app';

const SHOTS = path.join(__dirname, '../../var/e2e-screenshots');
const PHONE = { width: 390, height: 844 };

describe('resident pages in Chromium at phone size: report, follow, rate', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let cleaner: StaffRequestParts;
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    t = await createTestApp();
    base = await listenOnLoopback(t);
    cleaner = await staffSession(t, 'resident-e2e-cleaner', 'department_staff', await departmentId(t, 'sanitation'));
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function phone(
    options: { javaScript?: boolean; geolocation?: boolean } = {},
  ): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({
      viewport: PHONE,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
      javaScriptEnabled: options.javaScript ?? true,
      ...(options.geolocation
        ? { geolocation: { latitude: 30.2801, longitude: 120.1602 }, permissions: ['geolocation'] }
        : {}),
    });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
    (page as Page & { problems?: string[] }).problems = problems;
    return { context, page };
  }
  const problemsOf = (page: Page) => (page as Page & { problems?: string[] }).problems ?? [];

  /** A department member acting through the staff API, as the console would. */
  const staff = (id: number, action: string, note?: string) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/staff/submissions/${id}/actions`,
      payload: { action, ...(note ? { note } : {}) },
      ...cleaner,
    });
  const noHorizontalScroll = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

  it('sends text with a photo whose GPS gives the location, and shows the code, category, department and deadline', async () => {
    const { context, page } = await phone();
    await page.goto(`${base}/`);
    await page.screenshot({ path: path.join(SHOTS, '7-resident-form.png'), fullPage: true });
    expect(await noHorizontalScroll(page)).toBe(true);

    await page.fill('#content', '幸福路菜市场北门的垃圾桶满了三天没人清运，味道很大');
    expect(await page.textContent('#count')).toBe('25');
    await page.setInputFiles('#photo-input', {
      name: 'IMG_0001.jpg',
      mimeType: 'image/jpeg',
      buffer: await phonePhoto({ lat: 30.274085, lng: 120.155069, width: 640, height: 480 }),
    });
    await page.locator('#location-status', { hasText: '照片中的拍摄位置' }).waitFor();
    await page.waitForSelector('#photo-list li:not(:has(progress))');
    await page.fill('#address', '幸福路 8 号菜市场北门');
    await page.check('#consent');
    await page.screenshot({ path: path.join(SHOTS, '8-resident-form-filled.png'), fullPage: true });
    await page.click('#submit');

    await page.waitForURL(/\/track\/[0-9A-Z]{5}-[0-9A-Z]{5}\?new=1$/);
    const code = (await page.textContent('#tracking-code'))!.trim();
    expect(code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    const banner = await page.textContent('.submitted');
    expect(banner).toContain('环卫中心');
    expect(banner).toContain('垃圾满溢');
    expect(banner).toMatch(/整改期限：\d{4}年/);
    expect(await page.isVisible('#copy-code')).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, '9-resident-submitted.png'), fullPage: true });

    const report = await t.dataSource
      .getRepository(Submission)
      .findOneOrFail({ where: { trackingCode: code }, relations: { department: true } });
    expect([report.lat, report.lng, report.address]).toEqual([30.274085, 120.155069, '幸福路 8 号菜市场北门']);
    const photos: { kind: string }[] = await t.dataSource.query(
      'SELECT kind FROM attachment WHERE submission_id = $1',
      [report.id],
    );
    expect(photos).toEqual([{ kind: 'photo' }]);
    expect(problemsOf(page)).toEqual([]);
    await context.close();
  }, 60_000);

  it('follows the report live as staff act, then takes a low rating that reopens it', async () => {
    const { context, page } = await phone({ geolocation: true });
    await page.goto(`${base}/`);
    await page.fill('#content', '小区门口的垃圾桶满了，垃圾堆到了路上');
    await page.click('#locate');
    await page.locator('#location-status', { hasText: '已获取您的位置' }).waitFor();
    await page.check('#consent');
    await page.click('#submit');
    await page.waitForURL(/\?new=1$/);
    const code = (await page.textContent('#tracking-code'))!.trim();
    const report = await t.dataSource.getRepository(Submission).findOneByOrFail({ trackingCode: code });
    expect([report.lat, report.lng]).toEqual([30.2801, 120.1602]);

    await page.goto(`${base}/track/${code}`);
    expect(await page.textContent('.status')).toContain('已分派至承办单位');
    expect((await staff(report.id, 'accept')).statusCode).toBe(200);
    // The page asks the API every few seconds and redraws itself: no reload by the resident.
    await page.locator('.status', { hasText: '承办单位已受理' }).waitFor({ timeout: 20_000 });

    expect((await staff(report.id, 'start')).statusCode).toBe(200);
    const after = multipart([
      { name: 'kind', value: 'after_photo' },
      { name: 'file', value: await phonePhoto({ lat: 30.28, lng: 120.16 }), filename: 'after.jpg', type: 'image/jpeg' },
    ]);
    const uploaded = await t.app.inject({
      method: 'POST',
      url: `/api/v1/staff/submissions/${report.id}/photos`,
      cookies: cleaner.cookies,
      headers: { ...cleaner.headers, ...after.headers },
      payload: after.payload,
    });
    expect(uploaded.statusCode).toBe(201);
    expect((await staff(report.id, 'resolve', '已清运并冲洗地面')).statusCode).toBe(200);
    await page.locator('#rate-form').waitFor({ timeout: 20_000 });
    const timeline = await page.textContent('.timeline');
    expect(timeline).toContain('已清运并冲洗地面');
    // Staff appear to the public by their department, not by name.
    expect(timeline).toContain('环卫中心');
    expect(timeline).not.toContain('resident-e2e-cleaner');
    expect(await page.locator('.gallery img').count()).toBe(1);
    expect(
      await page.evaluate(() => (document.querySelector('.gallery img') as HTMLImageElement).naturalWidth),
    ).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SHOTS, '10-resident-resolved.png'), fullPage: true });

    await page.check('#rate-form input[name="rating"][value="2"]');
    await page.check('#rate-form input[name="fixed"][value="no"]');
    await page.fill('#comment', '垃圾桶旁边还是很脏');
    await page.click('#rate-form button[type="submit"]');
    await page.locator('.status', { hasText: '群众不满意，重新办理' }).waitFor();
    expect(await page.isVisible('#rate-form')).toBe(false);
    expect(await page.textContent('.timeline')).toContain('问题未解决');
    expect(await page.content()).not.toContain('垃圾桶旁边还是很脏');
    expect(await noHorizontalScroll(page)).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, '11-resident-reopened.png'), fullPage: true });
    expect((await t.dataSource.getRepository(Submission).findOneByOrFail({ id: report.id })).status).toBe('reopened');
    expect(problemsOf(page)).toEqual([]);
    await context.close();
  }, 90_000);

  it('keeps a draft when the network drops and sends it, once, when it is back', async () => {
    const { context, page } = await phone();
    await page.goto(`${base}/`);
    await page.fill('#content', '人民路口有游商摆摊卖水果，占了半条人行道');
    await page.check('#consent');
    await context.setOffline(true);
    await page.click('#submit');
    await page.locator('#submit-status', { hasText: '网络连接中断' }).waitFor();
    await context.setOffline(false);

    // The resident comes back later: the draft is still on the phone.
    const again = await context.newPage();
    await again.goto(`${base}/`);
    await again.locator('#submit-status', { hasText: '已恢复' }).waitFor();
    expect(await again.inputValue('#content')).toBe('人民路口有游商摆摊卖水果，占了半条人行道');
    await again.check('#consent');
    await again.click('#submit');
    await again.waitForURL(/\?new=1$/);
    const count = await t.dataSource
      .getRepository(Submission)
      .countBy({ content: '人民路口有游商摆摊卖水果，占了半条人行道' });
    expect(count).toBe(1);
    // Sent: the draft is gone.
    await again.goto(`${base}/`);
    expect(await again.inputValue('#content')).toBe('');
    await context.close();
  }, 60_000);

  it('offers a similar open report nearby and files "me too" merged into it', async () => {
    const existing = await t.app.inject({
      method: 'POST',
      url: '/api/v1/submissions',
      payload: {
        content: '幸福路公交站旁的垃圾桶满了，垃圾散落一地',
        channel: 'web',
        location: { lat: 30.2801, lng: 120.1602 },
      },
    });
    const followed = await t.dataSource
      .getRepository(Submission)
      .findOneByOrFail({ trackingCode: existing.json().trackingCode });
    const { context, page } = await phone({ geolocation: true });
    await page.goto(`${base}/`);
    await page.fill('#content', '公交站旁边的垃圾桶满了没人清运');
    await page.click('#locate');
    await page.locator('#similar-list li').first().waitFor();
    // Public facts only: never the other report's code.
    expect(await page.textContent('#similar')).not.toContain(followed.trackingCode);
    await page.check('#consent');
    await page.click(`#similar-list button[data-follows-id="${followed.id}"]`);
    await page.waitForURL(/\?new=1$/);
    const code = (await page.textContent('#tracking-code'))!.trim();
    expect(code).not.toBe(followed.trackingCode);
    expect(await page.textContent('main')).toContain('合并办理');
    const mine = await t.dataSource.getRepository(Submission).findOneByOrFail({ trackingCode: code });
    expect([mine.status, mine.mergedIntoId]).toEqual(['duplicate', followed.id]);
    expect((await t.dataSource.getRepository(Submission).findOneByOrFail({ id: followed.id })).supporterCount).toBe(1);
    await context.close();
  }, 60_000);

  it('works without JavaScript for a plain text report', async () => {
    const { context, page } = await phone({ javaScript: false });
    await page.goto(`${base}/`);
    expect(await page.isVisible('#photos')).toBe(false);
    await page.fill('#content', '3号楼2单元楼道里堆满了纸箱和旧家具');
    await page.click('#submit');
    // The browser's own check stops the form until the consent box is ticked.
    expect(page.url()).toBe(`${base}/`);
    await page.check('#consent');
    await page.click('#submit');
    await page.waitForURL(/\/track\/[0-9A-Z-]{11}\?new=1$/);
    expect(await page.textContent('.submitted')).toContain('街道办');
    await context.close();
  }, 60_000);
});
