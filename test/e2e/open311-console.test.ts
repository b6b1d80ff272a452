/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { staffSession } from '../support/staff-session';
import { TestApp, createTestApp, listenOnLoopback } from '../support/test-app';

const SHOTS = path.join(__dirname, '../../var/e2e-screenshots');

/**
 * An admin issues an Open311 key in the console and revokes it; a dispatcher sees what the client
 * chose next to what the classifier read.
 */
describe('Open311 clients in the console (Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    t = await createTestApp();
    base = await listenOnLoopback(t);
    browser = await launchChromium();
    await staffSession(t, 'o311-e2e-admin', 'admin', null);
    await staffSession(t, 'o311-e2e-dispatcher', 'dispatcher', null);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function logIn(username: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    page.setDefaultTimeout(10_000);
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${base}/console/`);
    await page.fill('#login-form input[name=username]', username);
    await page.fill('#login-form input[name=password]', 'correct-horse-1');
    await page.click('#login-form button[type=submit]');
    await page.waitForSelector('#nav');
    return page;
  }

  const file = (apiKey: string, fields: Record<string, string>) =>
    fetch(`${base}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ api_key: apiKey, address_string: '人民路与幸福路路口', ...fields }),
    });

  it('issues a key shown once, which files reports until it is revoked', async () => {
    const admin = await logIn('o311-e2e-admin');
    await admin.click('#nav a[data-nav="admin-open311"]');
    await admin.waitForSelector('#open311-table');
    expect(await admin.textContent('#admin-open311')).toContain('还没有签发过 api_key');

    await admin.fill('#open311-form input[name=name]', '幸福街道网格员 App');
    await admin.fill('#open311-form input[name=contact]', '街道网格中心');
    await admin.click('#open311-form button[type=submit]');
    const apiKey = (await admin.locator('#open311-key').textContent())!;
    expect(apiKey).toMatch(/^o311_/);
    const row = admin.locator('#open311-table tbody tr', { hasText: '幸福街道网格员 App' });
    expect(await row.textContent()).toContain(apiKey.slice(0, 10));
    expect(await row.textContent()).not.toContain(apiKey);
    await admin.screenshot({ path: path.join(SHOTS, '14-open311-clients.png'), fullPage: true });

    const filed = await file(apiKey, {
      service_code: 'random_parking',
      description: '小区门口垃圾桶满了三天没人清运，臭味很大',
      'attribute[in_compound]': 'yes',
      media_url: 'https://img.example.com/p/1.jpg',
    });
    expect(filed.status).toBe(201);
    const [{ service_request_id: id }] = (await filed.json()) as { service_request_id: string }[];

    // The dispatcher sees the client's choice and the classifier's reading side by side.
    const dispatcher = await logIn('o311-e2e-dispatcher');
    await dispatcher.goto(`${base}/console/#/submissions/${id}`);
    await dispatcher.waitForSelector(`#detail[data-id="${id}"]`);
    const requested = await dispatcher.textContent('#detail-requested');
    expect(requested).toContain('乱停乱放');
    expect(requested).toContain('自动分类认为是：治脏');
    expect(await dispatcher.textContent('#detail-info')).toContain('幸福街道网格员 App');
    expect(await dispatcher.textContent('#detail-open311-attributes')).toBe('在小区内：是');
    expect(await dispatcher.getAttribute('#detail-media-url', 'href')).toBe('https://img.example.com/p/1.jpg');
    await dispatcher.screenshot({ path: path.join(SHOTS, '15-open311-dispatcher-detail.png'), fullPage: true });

    await admin
      .locator('#open311-table tbody tr', { hasText: '幸福街道网格员 App' })
      .locator('[data-row-action=revoke]')
      .click();
    await admin.waitForSelector('#open311-table tbody tr:has-text("已吊销")');
    expect((await file(apiKey, { service_code: 'litter', description: '路边有很多垃圾' })).status).toBe(403);
    await admin.close();
    await dispatcher.close();
  }, 60_000);
});
