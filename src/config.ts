import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { S3Settings } from './storage/s3-photo-store';
import { MIN_PASSWORD_LENGTH, USERNAME_PATTERN } from './domain/staff-policy';

/**
 * Every setting of the portal, read once from the environment, validated, typed and frozen.
 * `.env.example` documents each one with its default; keep the two in step.
 */
export interface AppConfig {
  readonly nodeEnv: 'development' | 'production' | 'test';
  readonly host: string;
  readonly port: number;
  readonly publicBaseUrl: string | undefined;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Log output held back and written in one go (at least once a second); 0 writes each line at once. */
  readonly logBufferBytes: number;
  /** How far the JavaScript heap may grow past what a full collection kept, in percent; 0: V8's own. */
  readonly heapGrowthPercent: number;
  /** External PostgreSQL; when absent the portal starts an embedded one. */
  readonly databaseUrl: string | undefined;
  readonly databasePoolSize: number;
  /** How long a request waits for a database connection before it is answered 503. */
  readonly databaseConnectTimeoutSeconds: number;
  readonly embeddedPgDir: string;
  /** 0 picks a free port at every start. */
  readonly embeddedPgPort: number;
  readonly bodyLimitBytes: number;
  /** Where rate-limit counters live: this process's memory, or PostgreSQL shared by all instances. */
  readonly rateLimitStore: 'memory' | 'postgres';
  /** A request's headers must arrive within this, and the whole request within the next. */
  readonly headersTimeoutSeconds: number;
  readonly requestTimeoutSeconds: number;
  readonly submissionRateLimitMax: number;
  readonly submissionRateLimitWindowSeconds: number;
  readonly trackingRateLimitMax: number;
  readonly trackingRateLimitWindowSeconds: number;
  readonly corsOrigins: readonly string[];
  readonly trustProxy: boolean;
  /** Below this classifier confidence a report goes to the dispatch office for a person to decide. */
  readonly reviewThreshold: number;
  /** The first administrator, created at the first start when there is none. */
  readonly adminUsername: string;
  /** Unset: a random password is generated and printed once. */
  readonly adminPassword: string | undefined;
  /** How long a staff login lasts. */
  readonly sessionHours: number;
  /** Send the session cookie over HTTPS only (behind TLS). */
  readonly sessionCookieSecure: boolean;
  /** Working hours a department has to accept a report assigned to it. */
  readonly acceptWithinHours: number;
  /** How often each process looks for late reports to escalate; 0 turns the job off in this process. */
  readonly escalationIntervalSeconds: number;
  /** Where uploaded photos are kept on disk. */
  readonly uploadDir: string;
  /** Where photo bytes go: the local folder UPLOAD_DIR, or an S3-compatible bucket. */
  readonly photoStore: 'local' | 's3';
  /** The bucket when `photoStore` is s3 (every S3_* setting checked present). */
  readonly s3: S3Settings | undefined;
  /** Largest photo accepted, in bytes. */
  readonly uploadMaxBytes: number;
  /** Photo uploads one address may make per rate-limit window. */
  readonly photoRateLimitMax: number;
  /** Hours an uploaded photo waits for its report before it is removed. */
  readonly unclaimedUploadHours: number;
  /** Days a resident has to rate a resolved report before it closes by itself. */
  readonly feedbackDays: number;
  /** A rating at or below this reopens the report. */
  readonly reopenRatingAtOrBelow: number;
  /** How often each process runs housekeeping (closing unrated reports, removing unclaimed uploads). */
  readonly housekeepingIntervalSeconds: number;
  /** Beijing hour on Mondays from which leaders get last week's digest in the console. */
  readonly weeklyDigestHour: number;
  /** How often each process brings the statistics rollups up to date (0: only when asked for figures). */
  readonly statisticsRefreshSeconds: number;
  /** The jurisdiction_id Open311 clients may send; any other is answered 404. */
  readonly open311JurisdictionId: string;
  /** Who Open311 client developers ask for an api_key, shown in discovery. */
  readonly open311Contact: string;
  /** Reports one Open311 client (one key) may file per minute. */
  readonly open311RateLimitMax: number;
  /** Days a finished report keeps its resident's name, phone, email and channel ids. */
  readonly personalDataRetentionDays: number;
  /** How often each process pushes due updates (SMS); 0 turns delivery off in this process. */
  readonly outboxIntervalSeconds: number;
  /** How long a claimed update stays with its deliverer before it is offered again. */
  readonly outboxLeaseSeconds: number;
  /** First retry delay after a failed delivery; it doubles with every failure up to the maximum. */
  readonly outboxRetryBaseSeconds: number;
  readonly outboxRetryMaxSeconds: number;
  /** Bearer token of channel clients (the WeChat bot); unset turns the channel API off. */
  readonly channelServiceToken: string | undefined;
  /** The SMS platform's HTTP endpoint; unset means residents cannot ask for SMS updates. */
  readonly smsGatewayUrl: string | undefined;
  readonly smsGatewayToken: string | undefined;
  /** Reports one mobile number may ask SMS updates for in 24 hours (numbers are not verified). */
  readonly smsReportsPerNumberPerDay: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`配置有误 (invalid settings):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** Reads one setting; an empty string counts as unset so `.env` lines like `PORT=` keep the default. */
class EnvReader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  raw(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === '' ? undefined : value;
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!/^-?\d+$/.test(value) || parsed < min || parsed > max) {
      this.problems.push(`${name}="${value}" must be a whole number from ${min} to ${max}`);
      return fallback;
    }
    return parsed;
  }

  number(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed < min || parsed > max) {
      this.problems.push(`${name}="${value}" must be a number from ${min} to ${max}`);
      return fallback;
    }
    return parsed;
  }

  bool(name: string, fallback: boolean): boolean {
    const value = this.raw(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(value)) return true;
    if (['0', 'false', 'no', 'off'].includes(value)) return false;
    this.problems.push(`${name}="${value}" must be true or false`);
    return fallback;
  }

  oneOf<T extends string>(name: string, fallback: T, allowed: readonly T[]): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(value)) {
      this.problems.push(`${name}="${value}" must be one of: ${allowed.join(', ')}`);
      return fallback;
    }
    return value as T;
  }

  /** An IP address or a host name to listen on. */
  host(name: string, fallback: string): string {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (
      net.isIP(value) === 0 &&
      !/^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i.test(value)
    ) {
      this.problems.push(`${name}="${value}" must be an IP address (e.g. 127.0.0.1, 0.0.0.0) or a host name`);
      return fallback;
    }
    return value;
  }

  url(name: string, protocols: readonly string[]): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    try {
      const parsed = new URL(value);
      if (!protocols.includes(parsed.protocol)) throw new Error('protocol');
      return value;
    } catch {
      // The value may hold a password, so it is not echoed back.
      this.problems.push(`${name} must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);
      return undefined;
    }
  }
}

/** The folder holding package.json, whether this file runs from `src/` or from `dist/src/`. */
export function findProjectRoot(from = __dirname): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}

export function loadConfig(env: Env = process.env, projectRoot = findProjectRoot()): AppConfig {
  const read = new EnvReader(env);
  const nodeEnv = read.oneOf('NODE_ENV', 'development', ['development', 'production', 'test'] as const);
  const corsRaw = read.string('CORS_ORIGINS', '');
  const corsOrigins = corsRaw
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of corsOrigins) {
    if (origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin)) {
      read.problems.push(`CORS_ORIGINS entry "${origin}" must be "*" or an origin like https://example.gov.cn`);
    }
  }

  const config: AppConfig = {
    nodeEnv,
    host: read.host('HOST', '127.0.0.1'),
    port: read.int('PORT', 3000, 0, 65535),
    publicBaseUrl: read.url('PUBLIC_BASE_URL', ['http:', 'https:']),
    logLevel: read.oneOf('LOG_LEVEL', nodeEnv === 'test' ? 'silent' : 'info', [
      'fatal',
      'error',
      'warn',
      'info',
      'debug',
      'trace',
      'silent',
    ] as const),
    logBufferBytes: read.int('LOG_BUFFER_BYTES', 4096, 0, 1_048_576),
    heapGrowthPercent: read.int('HEAP_GROWTH_PERCENT', 50, 0, 400),
    databaseUrl: read.url('DATABASE_URL', ['postgres:', 'postgresql:']),
    databasePoolSize: read.int('DATABASE_POOL_SIZE', 10, 1, 200),
    databaseConnectTimeoutSeconds: read.int('DATABASE_CONNECT_TIMEOUT_SECONDS', 10, 1, 300),
    embeddedPgDir: path.resolve(projectRoot, read.string('EMBEDDED_PG_DIR', 'var/postgres')),
    embeddedPgPort: read.int('EMBEDDED_PG_PORT', 0, 0, 65535),
    bodyLimitBytes: read.int('BODY_LIMIT_BYTES', 65536, 1024, 10 * 1024 * 1024),
    rateLimitStore: read.oneOf('RATE_LIMIT_STORE', 'memory', ['memory', 'postgres'] as const),
    headersTimeoutSeconds: read.int('HEADERS_TIMEOUT_SECONDS', 15, 1, 600),
    requestTimeoutSeconds: read.int('REQUEST_TIMEOUT_SECONDS', 120, 1, 3600),
    submissionRateLimitMax: read.int('SUBMISSION_RATE_LIMIT_MAX', 10, 1, 1_000_000),
    submissionRateLimitWindowSeconds: read.int('SUBMISSION_RATE_LIMIT_WINDOW_SECONDS', 60, 1, 86_400),
    trackingRateLimitMax: read.int('TRACKING_RATE_LIMIT_MAX', 60, 1, 1_000_000),
    trackingRateLimitWindowSeconds: read.int('TRACKING_RATE_LIMIT_WINDOW_SECONDS', 60, 1, 86_400),
    corsOrigins,
    trustProxy: read.bool('TRUST_PROXY', false),
    reviewThreshold: read.number('CLASSIFIER_REVIEW_THRESHOLD', 0.5, 0, 1),
    adminUsername: read.string('ADMIN_USERNAME', 'admin'),
    adminPassword: read.raw('ADMIN_PASSWORD'),
    sessionHours: read.int('SESSION_HOURS', 12, 1, 24 * 30),
    sessionCookieSecure: read.bool('SESSION_COOKIE_SECURE', nodeEnv === 'production'),
    acceptWithinHours: read.int('ACCEPT_WITHIN_HOURS', 24, 1, 24 * 30),
    escalationIntervalSeconds: read.int('ESCALATION_INTERVAL_SECONDS', 60, 0, 86_400),
    uploadDir: path.resolve(projectRoot, read.string('UPLOAD_DIR', 'var/uploads')),
    photoStore: read.oneOf('PHOTO_STORE', 'local', ['local', 's3'] as const),
    s3: s3Settings(read),
    uploadMaxBytes: read.int('UPLOAD_MAX_BYTES', 10 * 1024 * 1024, 1024, 50 * 1024 * 1024),
    photoRateLimitMax: read.int('PHOTO_RATE_LIMIT_MAX', 60, 1, 1_000_000),
    unclaimedUploadHours: read.int('UNCLAIMED_UPLOAD_HOURS', 24, 1, 24 * 30),
    feedbackDays: read.int('FEEDBACK_DAYS', 7, 1, 90),
    reopenRatingAtOrBelow: read.int('REOPEN_RATING_AT_OR_BELOW', 2, 0, 4),
    housekeepingIntervalSeconds: read.int('HOUSEKEEPING_INTERVAL_SECONDS', 300, 0, 86_400),
    weeklyDigestHour: read.int('WEEKLY_DIGEST_HOUR', 8, 0, 23),
    statisticsRefreshSeconds: read.int('STATISTICS_REFRESH_SECONDS', 10, 0, 3600),
    open311JurisdictionId: read.string('OPEN311_JURISDICTION_ID', 'chuangcheng'),
    open311Contact: read.string('OPEN311_CONTACT', '区创城办（创建全国文明城市工作办公室）'),
    open311RateLimitMax: read.int('OPEN311_RATE_LIMIT_MAX', 120, 1, 1_000_000),
    personalDataRetentionDays: read.int('PERSONAL_DATA_RETENTION_DAYS', 180, 1, 3650),
    outboxIntervalSeconds: read.int('OUTBOX_INTERVAL_SECONDS', 5, 0, 3600),
    outboxLeaseSeconds: read.int('OUTBOX_LEASE_SECONDS', 60, 5, 3600),
    outboxRetryBaseSeconds: read.int('OUTBOX_RETRY_BASE_SECONDS', 30, 1, 86_400),
    outboxRetryMaxSeconds: read.int('OUTBOX_RETRY_MAX_SECONDS', 3600, 1, 7 * 86_400),
    channelServiceToken: read.raw('CHANNEL_SERVICE_TOKEN'),
    smsGatewayUrl: read.url('SMS_GATEWAY_URL', ['http:', 'https:']),
    smsGatewayToken: read.raw('SMS_GATEWAY_TOKEN'),
    smsReportsPerNumberPerDay: read.int('SMS_REPORTS_PER_NUMBER_PER_DAY', 5, 1, 1000),
  };
  if (config.channelServiceToken !== undefined && config.channelServiceToken.length < 24) {
    read.problems.push('CHANNEL_SERVICE_TOKEN must be at least 24 characters (e.g. openssl rand -hex 24)');
  }
  if (config.outboxRetryMaxSeconds < config.outboxRetryBaseSeconds) {
    read.problems.push('OUTBOX_RETRY_MAX_SECONDS must not be below OUTBOX_RETRY_BASE_SECONDS');
  }
  if (!USERNAME_PATTERN.test(config.adminUsername)) {
    read.problems.push('ADMIN_USERNAME must be 3 to 60 letters, digits, dots, dashes or underscores');
  }
  if (config.adminPassword !== undefined && [...config.adminPassword].length < MIN_PASSWORD_LENGTH) {
    read.problems.push(`ADMIN_PASSWORD must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  if (config.headersTimeoutSeconds > config.requestTimeoutSeconds) {
    read.problems.push('HEADERS_TIMEOUT_SECONDS must not be above REQUEST_TIMEOUT_SECONDS');
  }
  if (nodeEnv === 'production') read.problems.push(...missingInProduction(config));
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return Object.freeze(config);
}

/** The bucket's settings when PHOTO_STORE=s3; each one missing is a problem of its own. */
function s3Settings(read: EnvReader): S3Settings | undefined {
  if (read.raw('PHOTO_STORE') !== 's3') return undefined;
  const endpoint = read.url('S3_ENDPOINT', ['http:', 'https:']);
  const bucket = read.raw('S3_BUCKET');
  const accessKeyId = read.raw('S3_ACCESS_KEY_ID');
  const secretAccessKey = read.raw('S3_SECRET_ACCESS_KEY');
  const missing = Object.entries({
    S3_ENDPOINT: endpoint,
    S3_BUCKET: bucket,
    S3_ACCESS_KEY_ID: accessKeyId,
    S3_SECRET_ACCESS_KEY: secretAccessKey,
  })
    .filter(([, value]) => value === undefined)
    .map(([name]) => `${name} must be set when PHOTO_STORE=s3`);
  read.problems.push(...missing);
  if (!endpoint || !bucket || !accessKeyId || !secretAccessKey) return undefined;
  return { endpoint, bucket, accessKeyId, secretAccessKey, region: read.string('S3_REGION', 'us-east-1') };
}

/**
 * A production server never falls back to what is convenient on a laptop: a throwaway embedded
 * database, an admin password printed to the log, a channel API without a token, or links built
 * from whatever Host header a request carried.
 */
function missingInProduction(config: AppConfig): string[] {
  const required: [string, unknown, string][] = [
    ['DATABASE_URL', config.databaseUrl, 'the PostgreSQL the data lives in (no embedded database in production)'],
    [
      'ADMIN_PASSWORD',
      config.adminPassword,
      "the first admin's password (none is generated and printed in production)",
    ],
    ['CHANNEL_SERVICE_TOKEN', config.channelServiceToken, 'the token the WeChat bot presents (openssl rand -hex 24)'],
    ['PUBLIC_BASE_URL', config.publicBaseUrl, 'the address residents reach the portal at, used in every link sent out'],
  ];
  if (config.smsGatewayUrl !== undefined) {
    required.push(['SMS_GATEWAY_TOKEN', config.smsGatewayToken, 'the token for SMS_GATEWAY_URL']);
  }
  return required
    .filter(([, value]) => value === undefined)
    .map(([name, , why]) => `${name} must be set when NODE_ENV=production: ${why}`);
}
