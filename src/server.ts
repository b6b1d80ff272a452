import 'reflect-metadata';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';
import { Database, openDatabase } from './db/database';
import { seedDefaults } from './db/seed/seed-defaults';
import { loadEnvFile } from './env-file';
import { limitHeapGrowth } from './heap-growth';
import { pushTransports, retryPolicy } from './delivery/delivery-settings';
import { startEscalationWorker } from './jobs/escalation-worker';
import { startHousekeeping } from './jobs/housekeeping';
import { startStatisticsRefresher } from './jobs/statistics-refresher';
import type { RunningJob } from './jobs/interval-job';
import { startOutboxWorker } from './jobs/outbox-worker';
import { ensureFirstAdmin } from './services/auth/first-admin';
import { ClassifierService } from './services/classifier-service';
import { intakeBatcher } from './services/insert-report';
import { photoStoreFrom } from './storage/photo-store-from-config';

/** The process: config → database → app → listen, and a clean stop on Ctrl-C or SIGTERM. */
async function main(): Promise<void> {
  loadEnvFile();
  const config = loadConfig();
  limitHeapGrowth(config.heapGrowthPercent);
  const say = (message: string) => console.log(`[创城信箱] ${message}`);

  const running: { app?: FastifyInstance; database?: Database; jobs: RunningJob[] } = { jobs: [] };
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`收到 ${signal}，正在停止 (stopping) …`);
    // Finish in-flight requests before the database goes away.
    await running.app?.close().catch((error: unknown) => console.error(error));
    if (running.database) {
      // How well new reports shared statements under this process's load (`npm run bench` reads it).
      const { items, batches } = intakeBatcher(running.database.dataSource);
      say(`本次运行共存入 ${items} 条反映，分 ${batches} 批 (intake: ${items} reports in ${batches} batches)`);
    }
    await Promise.all(running.jobs.map((job) => job.stop()));
    await running.database?.close().catch((error: unknown) => console.error(error));
    say('已停止 (stopped)');
    process.exit(0);
  };
  // Registered before the database starts, so no signal can leave it running.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => void stop(signal));

  const database = await openDatabase(config, say);
  running.database = database;
  say(`数据库 (database): ${database.description}`);
  try {
    const seeded = await seedDefaults(database.dataSource);
    if (seeded.departmentsAdded + seeded.rulesAdded > 0) {
      say(`已载入默认承办单位 ${seeded.departmentsAdded} 个、路由规则 ${seeded.rulesAdded} 条 (default data loaded)`);
    }
    const admin = await ensureFirstAdmin(database.dataSource, {
      username: config.adminUsername,
      password: config.adminPassword,
    });
    if (admin.generatedPassword) {
      say(`已创建管理员账号 ${admin.username}，初始密码（只显示这一次，请登录后修改）：${admin.generatedPassword}`);
      say(`(first admin "${admin.username}" created; its password is shown only this once)`);
    } else if (admin.created) {
      say(`已按 ADMIN_USERNAME / ADMIN_PASSWORD 创建管理员账号 ${admin.username}`);
    }
    // Trained from the corpus plus every correction staff have made so far.
    const classifier = new ClassifierService(database.dataSource, config.reviewThreshold);
    await classifier.retrain();
    say(`分类模型已训练，样本 ${classifier.trainedOn} 条 (classifier trained on ${classifier.trainedOn} examples)`);
    // No log stream of our own: buildApp's default writes to standard output in batches of
    // LOG_BUFFER_BYTES.
    running.app = await buildApp({ config, dataSource: database.dataSource, classifier });
    await running.app.listen({ host: config.host, port: config.port });
    if (config.escalationIntervalSeconds > 0) {
      running.jobs.push(
        startEscalationWorker({
          dataSource: database.dataSource,
          intervalSeconds: config.escalationIntervalSeconds,
          log: running.app.log,
        }),
      );
    }
    if (config.housekeepingIntervalSeconds > 0) {
      running.jobs.push(
        startHousekeeping({
          dataSource: database.dataSource,
          photoStore: photoStoreFrom(config),
          intervalSeconds: config.housekeepingIntervalSeconds,
          feedbackDays: config.feedbackDays,
          unclaimedUploadHours: config.unclaimedUploadHours,
          retentionDays: config.personalDataRetentionDays,
          digestHour: config.weeklyDigestHour,
          log: running.app.log,
        }),
      );
    }
    if (config.statisticsRefreshSeconds > 0) {
      running.jobs.push(
        startStatisticsRefresher({
          dataSource: database.dataSource,
          intervalSeconds: config.statisticsRefreshSeconds,
          log: running.app.log,
        }),
      );
    }
    const transports = pushTransports(config);
    if (config.outboxIntervalSeconds > 0 && transports.length > 0) {
      running.jobs.push(
        startOutboxWorker({
          dataSource: database.dataSource,
          transports,
          intervalSeconds: config.outboxIntervalSeconds,
          policy: retryPolicy(config),
          log: running.app.log,
        }),
      );
    }
  } catch (error) {
    // Never leave the embedded PostgreSQL running behind a failed start.
    await database.close();
    throw error;
  }

  const address = running.app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shownHost = ['0.0.0.0', '::', '127.0.0.1', '::1'].includes(config.host) ? 'localhost' : config.host;
  const base = config.publicBaseUrl ?? `http://${shownHost}:${port}`;
  say(`已启动 (listening on ${config.host}:${port})`);
  say(`  接口文档 API docs:      ${base}/docs`);
  say(`  提交反映 submit:        POST ${base}/api/v1/submissions`);
  say(`  查询进度 track:         GET  ${base}/api/v1/submissions/{编号}`);
  say(`  分类与单位 catalogue:   ${base}/api/v1/categories  ${base}/api/v1/departments`);
  say(`  工作人员后台 console:  ${base}/console/`);
  say(`  运行状态 health:        ${base}/healthz  ${base}/readyz`);
  say('按 Ctrl-C 停止 (press Ctrl-C to stop)');
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error('[创城信箱] 启动失败 (start-up failed):', error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
