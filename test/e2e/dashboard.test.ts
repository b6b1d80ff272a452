/// <reference lib="dom" />
// Callbacks given to page.evaluate and friends run in the browser, hence the DOM types.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { escalateOverdue } from '../../src/services/escalation';
import { launchChromium } from '../support/browser';
import { FiledReport, departmentId, fileReport, reachableOnWechat } from '../support/reports';
import { StaffRequestParts, staffSession } from '../support/staff-session';
import { TestApp, createTestApp, listenOnLoopback } from '../support/test-app';

/** Screenshots (and the report's PDF) land here (git-ignored), for a person to look at after a run. */
const SHOTS = path.join(__dirname, '../../var/e2e-screenshots');

/** What the statistics API answers, as far as this test reads it. */
interface Statistics {
  total: number;
  byCategory: { key: string; count: number }[];
  bySubcategory: { key: string; count: number }[];
  byChannel: { key: string; count: number }[];
  byStatus: { key: string; count: number }[];
  series: { period: string; received: number; resolved: number; overdue: number }[];
  departments: {
    departmentId: number;
    name: string;
    received: number;
    resolved: number;
    resolvedOnTime: number;
    onTimeRate: number | null;
    overdue: number;
  }[];
  satisfaction: { averageRating: number | null };
  hoursToAccept: { median: number | null };
}

/** The ECharts global, as much of it as the test touches in the browser. */
interface EChartsInBrowser {
  getInstanceByDom(element: HTMLElement):
    | {
        getOption(): { series: { data: unknown[] }[] };
        convertToPixel(finder: { seriesIndex: number }, value: number[]): number[];
        getModel(): {
          getSeriesByIndex(index: number): {
            getData(): {
              getItemLayout(index: number): {
                cx: number;
                cy: number;
                r: number;
                r0: number;
                startAngle: number;
                endAngle: number;
              };
            };
          };
        };
      }
    | undefined;
}
type WithECharts = Window & { echarts?: EChartsInBrowser };

const CHARTS = ['chart-series', 'chart-category', 'chart-channel', 'chart-status', 'chart-department'];

describe('statistics in Chromium: dashboard, drill-down to the queue, 红黑榜, printable report', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let sanitation: number;
  let urban: number;
  let dispatcherApi: StaffRequestParts;
  let cleanerApi: StaffRequestParts;
  let garbage: FiledReport;
  let toilet: FiledReport;
  let vendor: FiledReport;
  let stairwell: FiledReport;
  // Beijing's date today: the reports below are all filed today.
  const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
  const range = `from=${today}&to=${today}`;

  const act = async (who: StaffRequestParts, id: number, action: string, note?: string) => {
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/v1/staff/submissions/${id}/actions`,
      payload: note ? { action, note } : { action },
      ...who,
    });
    if (response.statusCode !== 200) throw new Error(`${action} failed: ${response.statusCode} ${response.body}`);
  };
  const statistics = async (who: StaffRequestParts, query: string): Promise<Statistics> => {
    const response = await t.app.inject({ method: 'GET', url: `/api/v1/staff/statistics?${query}`, ...who });
    expect(response.statusCode).toBe(200);
    return response.json() as Statistics;
  };
  /** Ids the statistics count (no duplicates, no withdrawn) for a condition on the submission row. */
  const idsWhere = async (condition: string, params: unknown[] = []): Promise<number[]> => {
    const rows: { id: number }[] = await t.dataSource.query(
      `SELECT id FROM submission WHERE status NOT IN ('duplicate', 'withdrawn') AND ${condition} ORDER BY id`,
      params,
    );
    return rows.map((row) => row.id);
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    t = await createTestApp();
    base = await listenOnLoopback(t);
    sanitation = await departmentId(t, 'sanitation');
    urban = await departmentId(t, 'urban_management');
    dispatcherApi = await staffSession(t, 'dash-dispatcher', 'dispatcher', null);
    cleanerApi = await staffSession(t, 'dash-cleaner', 'department_staff', sanitation);
    const enforcerApi = await staffSession(t, 'dash-enforcer', 'department_staff', urban);

    garbage = await fileReport(t, '小区门口垃圾桶满了三天没人清运，臭味很大', {
      contact: { name: '王秀英', phone: '13912345678' },
    });
    toilet = await fileReport(t, '公厕好几天没人打扫，脏得没法进');
    await fileReport(t, '幸福路边的垃圾桶满了好几天，没人清运');
    vendor = await fileReport(t, '人民路有游商摊贩占道经营，走的时候留下一地垃圾');
    stairwell = await fileReport(t, '楼道里堆满了纸箱和旧家具，消防通道被堵住了');
    expect([garbage.department, toilet.department, vendor.department, stairwell.department]).toEqual([
      'sanitation',
      'sanitation',
      'urban_management',
      'subdistrict',
    ]);
    await reachableOnWechat(t, stairwell.id, 'wx-resident-1');

    // Resolved ones, so that the ranking and the on-time rate have something to say.
    await act(cleanerApi, garbage.id, 'accept');
    await act(cleanerApi, garbage.id, 'resolve', '垃圾已清运，已安排每日巡查');
    await act(enforcerApi, vendor.id, 'accept');
    await act(enforcerApi, vendor.id, 'resolve', '已劝离摊贩并清扫路面');
    // A late one: its acceptance deadline passed an hour ago, and escalation has flagged it.
    await t.dataSource.query(`UPDATE submission SET accept_deadline = now() - interval '1 hour' WHERE id = $1`, [
      toilet.id,
    ]);
    await escalateOverdue(t.dataSource, new Date());

    browser = await launchChromium();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const problems = new Map<Page, string[]>();

  async function logIn(username: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    // A missing element fails within seconds, naming its selector, instead of at jest's timeout.
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    // Script errors and CSP refusals (ECharts must run under `script-src 'self'`); a refused
    // request (the 403 below) is the page's own business.
    const seen: string[] = [];
    problems.set(page, seen);
    page.on('pageerror', (error) => seen.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
        seen.push(message.text());
    });
    await page.goto(`${base}/console/`);
    await page.fill('#login-form input[name=username]', username);
    await page.fill('#login-form input[name=password]', 'correct-horse-1');
    await page.click('#login-form button[type=submit]');
    await page.waitForSelector('#queue-table');
    return page;
  }

  async function openDashboard(page: Page, query: string) {
    await page.goto(`${base}/console/#/dashboard?${query}`);
    await page.waitForSelector('#key-figures');
    // Drawn, animation over: a click lands on the bar where it ends up.
    await page.waitForFunction(
      (ids) => ids.every((id) => document.querySelector(`#${id}[data-rendered="true"] canvas`)),
      CHARTS,
    );
  }

  /** The ids of the rows the queue lists (one page is enough here). */
  async function queueIds(page: Page): Promise<number[]> {
    await page.waitForSelector('#queue-table tbody tr');
    const ids = await page.$$eval('#queue-table tr[data-id]', (rows) =>
      rows.map((row) => Number(row.getAttribute('data-id'))),
    );
    return ids.sort((a, b) => a - b);
  }

  /** Waits until the queue shows the list of the hash it was opened with. */
  async function queueFor(page: Page, hashPart: string) {
    await page.waitForFunction((part) => location.hash.startsWith('#/queue') && location.hash.includes(part), hashPart);
    await page.waitForSelector('#queue-filters');
    await page.waitForSelector('#queue-table');
  }

  it('serves ECharts from the npm package, and loads it only on pages with charts', async () => {
    const file = await t.app.inject({ method: 'GET', url: '/console/vendor/echarts.min.js' });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toMatch(/javascript/);
    expect(file.headers['cache-control']).toContain('max-age=604800');
    expect(file.body.length).toBeGreaterThan(500_000);

    const page = await logIn('dash-dispatcher');
    expect(await page.locator('#nav a[data-nav="dashboard"]').textContent()).toBe('统计分析');
    expect(await page.evaluate(() => Boolean((window as WithECharts).echarts))).toBe(false);
    expect(await page.locator('script[data-vendor="echarts"]').count()).toBe(0);
    await page.click('#nav a[data-nav="dashboard"]');
    // The first chart of the run parses the 1 MB library and fills the rollups: on a busy CI
    // machine (every suite running at once) that has taken over 15 s.
    await page.waitForSelector('#chart-series canvas', { timeout: 45_000 });
    expect(await page.evaluate(() => Boolean((window as WithECharts).echarts))).toBe(true);
    expect(await page.getAttribute('#nav a[data-nav="dashboard"]', 'aria-current')).toBe('page');
    await page.context().close();
  }, 60_000);

  it('draws every chart with data and shows the same key figures as the API', async () => {
    const stats = await statistics(dispatcherApi, range);
    expect(stats.total).toBe(5);
    const page = await logIn('dash-dispatcher');
    await openDashboard(page, range);
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-1-dispatcher.png'), fullPage: true });

    for (const id of CHARTS) {
      const drawn = await page.evaluate((chartId) => {
        const element = document.getElementById(chartId)!;
        const canvas = element.querySelector('canvas')!;
        const chart = (window as WithECharts).echarts!.getInstanceByDom(element);
        return {
          width: canvas.getBoundingClientRect().width,
          height: canvas.getBoundingClientRect().height,
          points: chart ? chart.getOption().series[0].data.length : -1,
        };
      }, id);
      expect({ id, wide: drawn.width > 100, tall: drawn.height > 100 }).toEqual({ id, wide: true, tall: true });
      expect({ id, points: drawn.points > 0 }).toEqual({ id, points: true });
    }
    // The series covers each day of the range; the category chart has one slice per category.
    const slices = await page.evaluate(
      () =>
        (window as WithECharts).echarts!.getInstanceByDom(document.getElementById('chart-category')!)!.getOption()
          .series[0].data as { code: string; value: number }[],
    );
    expect(Object.fromEntries(slices.map((s) => [s.code, s.value]))).toEqual(
      Object.fromEntries(stats.byCategory.map((c) => [c.key, c.count])),
    );

    const figure = (key: string) => page.getAttribute(`#kpi-${key}`, 'data-value');
    const resolved = stats.departments.reduce((sum, d) => sum + d.resolved, 0);
    const onTime = stats.departments.reduce((sum, d) => sum + d.resolvedOnTime, 0);
    const overdue = stats.departments.reduce((sum, d) => sum + d.overdue, 0);
    expect(await figure('total')).toBe(String(stats.total));
    expect(await figure('resolved')).toBe(String(resolved));
    expect(resolved).toBe(2);
    expect(Number(await figure('on-time-rate'))).toBeCloseTo(onTime / resolved, 3);
    expect(await figure('overdue')).toBe(String(overdue));
    expect(overdue).toBeGreaterThanOrEqual(1);
    expect(await figure('accept-hours')).toBe(String(stats.hoursToAccept.median));
    expect(await page.textContent('#kpi-total .stat-value')).toBe('5');

    const ranked = await page.$$eval('#ranking-table tr[data-department-id]', (rows) =>
      rows.map((row) => Number(row.getAttribute('data-department-id'))),
    );
    expect([...ranked].sort()).toEqual(stats.departments.map((d) => d.departmentId).sort());
    // Departments with something resolved are ranked; the others come last without a rank.
    expect(await page.getAttribute(`#ranking-table tr[data-department-id="${sanitation}"]`, 'data-rank')).toMatch(
      /^\d$/,
    );
    expect(await page.getAttribute(`#ranking-table tr[data-department-id="${urban}"]`, 'data-rank')).toMatch(/^\d$/);
    const subdistrict = await departmentId(t, 'subdistrict');
    expect(await page.getAttribute(`#ranking-table tr[data-department-id="${subdistrict}"]`, 'data-rank')).toBe('');
    expect(await page.textContent('#ranking-table-rule')).toContain('红榜');

    // Export buttons are plain links to the export endpoint with the same filters.
    const csv = await page.getAttribute('#section-ranking a[data-export="departments"][data-format="csv"]', 'href');
    expect(csv).toBe(
      `/api/v1/staff/statistics/export?from=${today}&to=${today}&interval=day&table=departments&format=csv`,
    );
    const download = await page.evaluate(async (href) => {
      const response = await fetch(href!);
      return { status: response.status, type: response.headers.get('content-type') };
    }, csv);
    expect(download).toEqual({ status: 200, type: expect.stringContaining('text/csv') });
    expect(problems.get(page)).toEqual([]);
    await page.context().close();
  });

  it('drills down from a category, a chart bar, a slice, a subcategory and a channel to exactly the counted reports', async () => {
    const page = await logIn('dash-dispatcher');
    await openDashboard(page, range);

    // A category link: the queue with the same dates lists exactly the reports counted.
    await page.click('#category-breakdown a[data-category="dirty"]');
    await queueFor(page, 'category=dirty');
    expect(page.url()).toContain(`from=${today}`);
    expect(page.url()).toContain(`to=${today}`);
    expect(await page.inputValue('#queue-filters select[name=category]')).toBe('dirty');
    expect(await queueIds(page)).toEqual(await idsWhere(`category = 'dirty'`));
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-2-drilled-queue.png'), fullPage: true });

    // A bar of the department chart, clicked on the canvas.
    await openDashboard(page, range);
    const point = await page.evaluate((department) => {
      const element = document.getElementById('chart-department')!;
      element.scrollIntoView({ block: 'center' });
      const chart = (window as WithECharts).echarts!.getInstanceByDom(element)!;
      const data = chart.getOption().series[0].data as { value: number; departmentId: string }[];
      const index = data.findIndex((item) => String(item.departmentId) === String(department));
      const [x, y] = chart.convertToPixel({ seriesIndex: 0 }, [data[index].value / 2, index]);
      const box = element.getBoundingClientRect();
      return { x: box.left + x, y: box.top + y };
    }, sanitation);
    await page.mouse.click(point.x, point.y);
    await queueFor(page, `departmentId=${sanitation}`);
    expect(await queueIds(page)).toEqual(await idsWhere('department_id = $1', [sanitation]));

    // A slice of the category pie.
    await openDashboard(page, range);
    const slice = await page.evaluate(() => {
      const element = document.getElementById('chart-category')!;
      element.scrollIntoView({ block: 'center' });
      const chart = (window as WithECharts).echarts!.getInstanceByDom(element)!;
      const data = chart.getOption().series[0].data as { code: string }[];
      const index = data.findIndex((item) => item.code === 'disorder');
      const layout = chart.getModel().getSeriesByIndex(0).getData().getItemLayout(index);
      const angle = (layout.startAngle + layout.endAngle) / 2;
      const radius = (layout.r + layout.r0) / 2;
      const box = element.getBoundingClientRect();
      return { x: box.left + layout.cx + Math.cos(angle) * radius, y: box.top + layout.cy + Math.sin(angle) * radius };
    });
    await page.mouse.click(slice.x, slice.y);
    await queueFor(page, 'category=disorder');
    expect(await queueIds(page)).toEqual([vendor.id]);

    // A subcategory of the hot spots: a chip says the list is narrowed, and removing it widens it.
    await openDashboard(page, range);
    await page.click('#hotspot-subcategories tr[data-subcategory="garbage_overflow"] a');
    await queueFor(page, 'subcategory=garbage_overflow');
    await page.waitForSelector('#queue-active-filters .chip[data-filter="subcategory"]');
    expect(await page.textContent('#queue-active-filters')).toContain('垃圾满溢');
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-3-queue-chip.png') });
    expect(await queueIds(page)).toEqual(await idsWhere(`subcategory = 'garbage_overflow'`));
    await page.click('#queue-active-filters button[data-remove-filter="subcategory"]');
    await page.waitForFunction(() => !location.hash.includes('subcategory='));
    await page.waitForSelector('#queue-table');
    expect(await page.locator('#queue-active-filters').count()).toBe(0);
    expect(await queueIds(page)).toEqual(await idsWhere(`category = 'dirty'`));

    // A channel; 重置 clears it with the other filters.
    await openDashboard(page, range);
    await page.click('#channel-breakdown a[data-channel="wechat"]');
    await queueFor(page, 'channel=wechat');
    await page.waitForSelector('#queue-active-filters .chip[data-filter="channel"]');
    expect(await queueIds(page)).toEqual([stairwell.id]);
    await page.click('#queue-filters-reset');
    await page.waitForFunction(() => location.hash === '#/queue');
    await page.waitForSelector('#queue-table tr[data-id]');
    expect(await page.locator('#queue-active-filters').count()).toBe(0);

    // The overdue figure opens the overdue tab with the same dates.
    await openDashboard(page, range);
    await page.click('#kpi-overdue');
    await queueFor(page, 'overdue=true');
    expect(await page.getAttribute('#queue-tabs button[data-tab="overdue"]', 'aria-selected')).toBe('true');
    expect(await queueIds(page)).toEqual([toilet.id]);
    await page.context().close();
  });

  it('keeps the choices in the hash: quick ranges, interval, category', async () => {
    const page = await logIn('dash-dispatcher');
    await openDashboard(page, range);
    await page.click('#dashboard-filters button[data-range="7d"]');
    await page.waitForFunction(() => location.hash.includes('from='));
    const sevenDaysAgo = new Date(Date.parse(`${today}T00:00:00Z`) - 6 * 86_400_000).toISOString().slice(0, 10);
    await page.waitForSelector('#dashboard-filters button[data-range="7d"][aria-pressed="true"]');
    expect(page.url()).toContain(`from=${sevenDaysAgo}&to=${today}`);
    await page.waitForSelector('#chart-series canvas');
    const days = await page.evaluate(
      () =>
        (window as WithECharts).echarts!.getInstanceByDom(document.getElementById('chart-series')!)!.getOption()
          .series[0].data.length,
    );
    expect(days).toBe(7);

    await page.check('#dashboard-filters input[name=interval][value=week]');
    await page.waitForFunction(() => location.hash.includes('interval=week'));
    await page.waitForSelector('#chart-series canvas');
    await page.selectOption('#dashboard-filters select[name=category]', 'shabby');
    await page.click('#dashboard-filters button[type=submit]');
    await page.waitForFunction(() => location.hash.includes('category=shabby'));
    await page.waitForSelector('#kpi-total');
    expect(await page.getAttribute('#kpi-total', 'data-value')).toBe('1');
    await page.reload();
    await page.waitForSelector('#kpi-total');
    expect(await page.inputValue('#dashboard-filters select[name=category]')).toBe('shabby');
    expect(await page.isChecked('#dashboard-filters input[name=interval][value=week]')).toBe(true);

    // A range with nothing in it says so instead of drawing empty charts.
    await page.goto(`${base}/console/#/dashboard?from=2020-01-01&to=2020-01-31`);
    await page.waitForSelector('#dashboard-empty');
    expect(await page.textContent('#dashboard-empty')).toContain('暂无数据');
    expect(await page.locator('#chart-series').count()).toBe(0);
    await page.context().close();
  });

  it('ranks by on-time rate, then overdue, then rating, with 红榜 and 黑榜 only from six departments up', async () => {
    const page = await logIn('dash-dispatcher');
    await openDashboard(page, range);
    // The rule itself, on made-up figures, through the page's own module. A string, because the
    // test's compiler would turn an import() in a callback into require().
    await page.evaluate(
      `import('${base}/console/views/ranking.js').then((m) => { window.rankDepartments = m.rankDepartments; })`,
    );
    const ranked = await page.evaluate(() => {
      const { rankDepartments } = window as unknown as {
        rankDepartments(rows: object[]): { name: string; rank: number | null; board: string | null }[];
      };
      const row = (name: string, onTimeRate: number | null, overdue: number, averageRating: number | null) => ({
        departmentId: name.charCodeAt(0),
        name,
        received: 10,
        resolved: onTimeRate === null ? 0 : 10,
        resolvedOnTime: 0,
        onTimeRate,
        overdue,
        averageRating,
      });
      const seven = [
        row('A', 0.9, 1, 4),
        row('B', 1, 0, 3),
        row('C', 0.9, 1, 5),
        row('D', 0.5, 3, null),
        row('E', 0.9, 0, 4),
        row('F', 0.7, 2, 4),
        row('G', 0.6, 2, 4),
        row('H', null, 0, null),
      ];
      return {
        seven: rankDepartments(seven).map((r) => `${r.rank ?? '-'}${r.name}${r.board ?? ''}`),
        few: rankDepartments(seven.slice(0, 3)).map((r) => `${r.rank}${r.name}${r.board ?? ''}`),
      };
    });
    expect(ranked.seven).toEqual(['1Bred', '2Ered', '3Cred', '4A', '5Fblack', '6Gblack', '7Dblack', '-H']);
    expect(ranked.few).toEqual(['1B', '2C', '3A']);

    // The ranking on its own page, with department names that open the queue.
    await page.goto(`${base}/console/#/ranking?${range}`);
    await page.waitForSelector(`#ranking-table tr[data-department-id="${urban}"]`);
    await page.click(`#ranking-table tr[data-department-id="${urban}"] a[data-department-id]`);
    await queueFor(page, `departmentId=${urban}`);
    expect(await queueIds(page)).toEqual([vendor.id]);
    await page.context().close();
  });

  it('shows department staff only their own department', async () => {
    const own = await statistics(cleanerApi, range);
    expect(own.total).toBe(3);
    const page = await logIn('dash-cleaner');
    await page.click('#nav a[data-nav="dashboard"]');
    await page.waitForSelector('#chart-series canvas');
    expect(await page.getAttribute('#kpi-total', 'data-value')).toBe(String(own.total));
    const ranked = await page.$$eval('#ranking-table tr[data-department-id]', (rows) =>
      rows.map((row) => Number(row.getAttribute('data-department-id'))),
    );
    expect(ranked).toEqual([sanitation]);
    expect(await page.locator('#dashboard-filters select[name=departmentId]').count()).toBe(0);
    expect(await page.textContent('#dashboard-scope')).toContain('环卫中心');
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-4-department.png'), fullPage: true });

    // Their drill-down names their department, so 协办 reports of others do not slip in.
    await page.click('#category-breakdown a[data-category="dirty"]');
    await queueFor(page, `departmentId=${sanitation}`);
    expect(await queueIds(page)).toEqual(await idsWhere(`category = 'dirty' AND department_id = $1`, [sanitation]));

    // Another department's figures are refused by the API, and the page says so.
    await page.goto(`${base}/console/#/dashboard?${range}&departmentId=${urban}`);
    await page.waitForSelector('#dashboard .load-error');
    expect(await page.textContent('#dashboard .load-error')).toContain('本单位');
    await page.context().close();
  });

  it('renders the weekly report and prints it to a PDF without the navigation', async () => {
    const page = await logIn('dash-dispatcher');
    await openDashboard(page, range);
    await page.click('#dashboard-report-links a[data-report="week"]');
    await page.waitForSelector('#report[data-ready="true"]');
    expect(await page.textContent('#report-title')).toMatch(/^创城信箱 周报（\d{4}年\d{1,2}月\d{1,2}日—/);
    expect(await page.locator('#report-chart-series canvas').count()).toBe(1);
    expect(await page.locator('#report-chart-category canvas').count()).toBe(1);
    expect(await page.locator('#report-ranking-table tr[data-department-id]').count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator(`#report-overdue-cases tr[data-id="${toilet.id}"]`).count()).toBe(1);
    expect(await page.textContent(`#report-resolved-cases tr[data-id="${garbage.id}"]`)).toContain(
      garbage.trackingCode,
    );
    const text = await page.textContent('#report');
    expect(text).toContain('本期共收到群众反映');
    // No resident's name or phone, masked or not.
    expect(text).not.toContain('王秀英');
    expect(text).not.toMatch(/139\*{0,4}5678/);
    await page.screenshot({ path: path.join(SHOTS, 'report-1-screen.png'), fullPage: true });

    await page.emulateMedia({ media: 'print' });
    expect(await page.evaluate(() => getComputedStyle(document.getElementById('app-header')!).display)).toBe('none');
    expect(await page.evaluate(() => getComputedStyle(document.getElementById('report-toolbar')!).display)).toBe(
      'none',
    );
    // The charts fit the printable width of A4 (210 mm less the margins, at 96 px per inch).
    const chartWidth = await page.evaluate(
      () => document.getElementById('report-chart-series')!.getBoundingClientRect().width,
    );
    expect(chartWidth).toBeLessThanOrEqual(703);
    await page.screenshot({ path: path.join(SHOTS, 'report-2-print.png'), fullPage: true });
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(20_000);
    writeFileSync(path.join(SHOTS, 'report.pdf'), pdf);
    expect(problems.get(page)).toEqual([]);
    await page.context().close();
  });
});
