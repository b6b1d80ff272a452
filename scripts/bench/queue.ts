/**
 * `npm run bench:queue [-- --runs 40]`: the staff queue on a big mailbox — the list, each filter,
 * search and the tab counts — through the real app (routing, validation, scope, JSON) on the real
 * database, as a dispatcher (the whole district) and as a department's staff. Target: p95 under
 * 100 ms. Seed first (once):
 *   createdb volume && DATABASE_URL=postgres://…/volume npm run seed:volume -- --submissions 1000000
 *   DATABASE_URL=postgres://…/volume npm run bench:queue
 */
import { chinaDate } from '../../src/domain/china-time';
import { benchApp, benchSession, StaffSession, timeRequest } from './staff-timing';

const TARGET_MS = 100;

async function main(): Promise<void> {
  const runsArg = process.argv.indexOf('--runs');
  const runs = runsArg >= 0 ? Number(process.argv[runsArg + 1]) : 40;
  const { app, dataSource, close } = await benchApp();
  try {
    const [volume] = await dataSource.query(`SELECT count(*)::int AS n FROM submission`);
    console.log(`数据量 volume: ${volume.n.toLocaleString('en')} submissions; ${runs} runs each after 3 warm-up runs`);
    const [busiest] = await dataSource.query(
      `SELECT department_id AS id FROM submission GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
    );
    const [sample] = await dataSource.query(
      `SELECT tracking_code FROM submission ORDER BY id DESC LIMIT 1 OFFSET 5000`,
    );
    const dispatcher = await benchSession(dataSource, app, 'dispatcher', null);
    const department = await benchSession(dataSource, app, 'department_staff', busiest.id as number);

    const today = new Date();
    const from = chinaDate(new Date(today.getTime() - 364 * 86_400_000));
    const to = chinaDate(today);
    const queue = (query: string) => `/api/v1/staff/submissions?limit=20${query}`;
    const counts = (query: string) => `/api/v1/staff/submissions/counts?${query}`;
    const requests: { name: string; url: string; as: StaffSession }[] = [
      { name: '全部 newest first (dispatcher)', url: queue(''), as: dispatcher },
      { name: '第 10 页 page 10', url: queue('&offset=180'), as: dispatcher },
      { name: '状态 status=assigned', url: queue('&status=assigned'), as: dispatcher },
      { name: '状态 status=closed', url: queue('&status=closed'), as: dispatcher },
      { name: '分类 category=dirty', url: queue('&category=dirty'), as: dispatcher },
      { name: '小类 subcategory=random_parking', url: queue('&subcategory=random_parking'), as: dispatcher },
      { name: '渠道 channel=wechat', url: queue('&channel=wechat'), as: dispatcher },
      { name: '逾期 overdue', url: queue('&overdue=true'), as: dispatcher },
      { name: '待复核 needsReview', url: queue('&needsReview=true'), as: dispatcher },
      {
        name: '期限 sort by deadline, in progress',
        url: queue('&status=in_progress&sort=resolveDeadline'),
        as: dispatcher,
      },
      {
        name: '一年 drill-down: category and year',
        url: queue(`&category=dirty&from=${from}T00:00:00%2B08:00&to=${to}T23:59:59%2B08:00`),
        as: dispatcher,
      },
      { name: '搜索 search text 垃圾桶', url: queue(`&q=${encodeURIComponent('垃圾桶')}`), as: dispatcher },
      { name: '搜索 search address 幸福路', url: queue(`&q=${encodeURIComponent('幸福路')}`), as: dispatcher },
      { name: '搜索 search tracking code', url: queue(`&q=${sample.tracking_code as string}`), as: dispatcher },
      { name: '本单位 own department', url: queue(''), as: department },
      { name: '本单位 own department, in progress', url: queue('&status=in_progress'), as: department },
      { name: '本单位 own department, search', url: queue(`&q=${encodeURIComponent('垃圾')}`), as: department },
      { name: '标签计数 tab counts (dispatcher)', url: counts(''), as: dispatcher },
      { name: '标签计数 tab counts, category', url: counts('category=dirty'), as: dispatcher },
      { name: '标签计数 tab counts (own department)', url: counts(''), as: department },
    ];

    console.log('');
    console.log(`| request | p50 ms | p95 ms | total | < ${TARGET_MS} ms |`);
    console.log('|---|---|---|---|---|');
    let met = 0;
    for (const request of requests) {
      const { p50, p95, body } = await timeRequest(app, request, runs);
      const parsed = JSON.parse(body) as { total?: number | string; totalIsEstimate?: boolean };
      const total = parsed.total === undefined ? '' : `${parsed.total}${parsed.totalIsEstimate ? '+' : ''}`;
      if (p95 < TARGET_MS) met += 1;
      console.log(
        `| ${request.name} | ${p50.toFixed(1)} | ${p95.toFixed(1)} | ${total} | ${p95 < TARGET_MS ? 'yes' : 'NO'} |`,
      );
    }
    console.log(`\n${met} / ${requests.length} requests under ${TARGET_MS} ms at p95`);
  } finally {
    await close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
