import { ConfigError, loadConfig } from '../../src/config';

describe('loadConfig', () => {
  it('has working defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', databaseUrl: undefined, reviewThreshold: 0.5 });
    expect(config.embeddedPgDir).toMatch(/var\/postgres$/);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('treats an empty value as unset', () => {
    expect(loadConfig({ PORT: '' }).port).toBe(3000);
  });

  it('names every bad setting and does not echo a database password', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        TRUST_PROXY: 'maybe',
        DATABASE_URL: 'mysql://u:hunter2@x/db',
        CORS_ORIGINS: 'evil',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ['PORT', 'TRUST_PROXY', 'DATABASE_URL', 'CORS_ORIGINS']) expect(message).toContain(name);
    expect(message).not.toContain('hunter2');
  });

  it('keeps photos on the local disk unless PHOTO_STORE=s3 names a whole bucket', () => {
    expect(loadConfig({})).toMatchObject({ photoStore: 'local', s3: undefined });
    expect(() => loadConfig({ PHOTO_STORE: 's3', S3_BUCKET: 'photos' })).toThrow(
      /S3_ENDPOINT must be set[\s\S]*S3_ACCESS_KEY_ID must be set[\s\S]*S3_SECRET_ACCESS_KEY must be set/,
    );
    const bucket = {
      PHOTO_STORE: 's3',
      S3_ENDPOINT: 'https://oss.example.gov.cn',
      S3_BUCKET: 'photos',
      S3_ACCESS_KEY_ID: 'id',
      S3_SECRET_ACCESS_KEY: 'secret',
    };
    expect(loadConfig(bucket).s3).toEqual({
      endpoint: 'https://oss.example.gov.cn',
      bucket: 'photos',
      accessKeyId: 'id',
      secretAccessKey: 'secret',
      region: 'us-east-1',
    });
    expect(() => loadConfig({ PHOTO_STORE: 'ftp' })).toThrow(/PHOTO_STORE/);
  });

  it('checks ranges', () => {
    expect(() => loadConfig({ CLASSIFIER_REVIEW_THRESHOLD: '1.5' })).toThrow(/CLASSIFIER_REVIEW_THRESHOLD/);
    expect(() => loadConfig({ SUBMISSION_RATE_LIMIT_MAX: '0' })).toThrow(/SUBMISSION_RATE_LIMIT_MAX/);
    expect(() => loadConfig({ LOG_BUFFER_BYTES: '-1' })).toThrow(/LOG_BUFFER_BYTES/);
    expect(loadConfig({}).logBufferBytes).toBe(4096);
    expect(loadConfig({ LOG_BUFFER_BYTES: '0' }).logBufferBytes).toBe(0);
  });

  it('accepts IP addresses and host names for HOST, and nothing else', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.20', 'localhost', 'portal.example.gov.cn']) {
      expect(loadConfig({ HOST: host }).host).toBe(host);
    }
    expect(() => loadConfig({ HOST: 'http://localhost' })).toThrow(/HOST="http:\/\/localhost"/);
  });

  it('checks the first admin settings', () => {
    expect(loadConfig({})).toMatchObject({ adminUsername: 'admin', adminPassword: undefined });
    expect(() => loadConfig({ ADMIN_PASSWORD: 'short' })).toThrow(/ADMIN_PASSWORD/);
    expect(() => loadConfig({ ADMIN_USERNAME: 'a b' })).toThrow(/ADMIN_USERNAME/);
  });

  it('refuses production without the database, the admin password, the channel token and the public address', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /DATABASE_URL must be set when NODE_ENV=production[\s\S]*ADMIN_PASSWORD[\s\S]*CHANNEL_SERVICE_TOKEN[\s\S]*PUBLIC_BASE_URL/,
    );
    const complete = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://cc@db.internal/cc',
      ADMIN_PASSWORD: 'a-long-admin-password',
      CHANNEL_SERVICE_TOKEN: 'x'.repeat(24),
      PUBLIC_BASE_URL: 'https://cc.example.gov.cn',
    };
    expect(loadConfig(complete).nodeEnv).toBe('production');
    expect(() => loadConfig({ ...complete, SMS_GATEWAY_URL: 'https://sms.example.gov.cn/send' })).toThrow(
      'SMS_GATEWAY_TOKEN must be set when NODE_ENV=production',
    );
    expect(loadConfig({ NODE_ENV: 'development' }).nodeEnv).toBe('development');
  });
});
