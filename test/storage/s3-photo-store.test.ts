import fs from 'node:fs';
import path from 'node:path';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { S3PhotoStore, S3Settings, signV4 } from '../../src/storage/s3-photo-store';
import { multipart, phonePhoto } from '../support/images';
import { Bucket, startBucket } from '../support/s3-bucket';
import { createTestApp } from '../support/test-app';

const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

describe('AWS Signature Version 4 for the photo bucket', () => {
  // The AWS SDK's own signer is the yardstick: S3 accepts what it signs.
  const sdk = new SignatureV4({ service: 's3', region: 'cn-north-1', credentials: CREDENTIALS, sha256: Sha256 });
  const at = new Date('2026-12-06T08:09:10Z');

  it.each([
    [
      'PUT',
      'https://s3.cn-north-1.amazonaws.com.cn/photos/2026-12/0b7e4c1e-9a8f-4a2b-8c3d-1e2f3a4b5c6d.jpg',
      Buffer.from([0xff, 0xd8, 1, 2]),
      'image/jpeg',
    ],
    ['GET', 'http://127.0.0.1:9000/photos/2026-12/0b7e4c1e-9a8f-4a2b-8c3d-1e2f3a4b5c6d.jpg', undefined, undefined],
    ['DELETE', 'http://minio.internal:9000/photos/2026-11/7f3e.png', undefined, undefined],
  ] as const)('%s %s is signed as the AWS SDK signs it', async (method, address, body, contentType) => {
    const url = new URL(address);
    const ours = signV4({ region: 'cn-north-1', ...CREDENTIALS }, { method, url, body, contentType }, at);
    const theirs = await sdk.sign(
      {
        method,
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port ? Number(url.port) : undefined,
        path: url.pathname,
        query: {},
        headers: {
          host: url.host,
          'x-amz-content-sha256': ours['x-amz-content-sha256']!,
          ...(contentType ? { 'content-type': contentType } : {}),
        },
        body,
      },
      { signingDate: at },
    );
    expect(ours.authorization).toBe(theirs.headers.authorization);
    expect(ours['x-amz-date']).toBe(theirs.headers['x-amz-date']);
  });
});

describe('photos in an S3-compatible bucket', () => {
  let bucket: Bucket;
  let settings: S3Settings;
  beforeAll(async () => {
    bucket = await startBucket();
    settings = bucket.settings;
  });
  afterAll(() => bucket.close());

  it('saves, reads and removes a photo under a key of the month it was saved in', async () => {
    const store = new S3PhotoStore(settings, () => new Date('2026-12-06T08:00:00Z'));
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);
    const key = await store.save(bytes, 'jpg');
    expect(key).toMatch(/^2026-12\/[0-9a-f-]{36}\.jpg$/);
    expect(fs.existsSync(path.join(bucket.dir, 'photos'))).toBe(true);
    expect(await store.read(key)).toEqual(bytes);
    await store.remove(key);
    await expect(store.read(key)).rejects.toMatchObject({ code: 'not_found' });
    // Removing what is gone is not an error.
    await expect(store.remove(key)).resolves.toBeUndefined();
  });

  it("keeps the portal's photos there with PHOTO_STORE=s3, and none on the local disk", async () => {
    const t = await createTestApp({
      PHOTO_STORE: 's3',
      S3_ENDPOINT: settings.endpoint,
      S3_BUCKET: settings.bucket,
      S3_ACCESS_KEY_ID: settings.accessKeyId,
      S3_SECRET_ACCESS_KEY: settings.secretAccessKey,
    });
    try {
      const form = multipart([
        { name: 'file', value: await phonePhoto({ lat: 30.27, lng: 120.15 }), filename: 'a.jpg', type: 'image/jpeg' },
      ]);
      const uploaded = await t.app.inject({ method: 'POST', url: '/api/v1/photos', ...form });
      expect(uploaded.statusCode).toBe(201);
      const [row]: { storage_key: string; thumbnail_key: string }[] = await t.dataSource.query(
        'SELECT storage_key, thumbnail_key FROM attachment WHERE upload_token = $1',
        [uploaded.json().id],
      );
      const bucket = new S3PhotoStore(settings);
      expect((await bucket.read(row!.storage_key)).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
      expect((await bucket.read(row!.thumbnail_key)).length).toBeGreaterThan(0);
      expect(fs.readdirSync(t.uploadDir)).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('fails loudly when the bucket does not exist, instead of losing the photo', async () => {
    const store = new S3PhotoStore({ ...settings, bucket: 'no-such-bucket' });
    await expect(store.save(Buffer.from('x'), 'png')).rejects.toThrow(/answered 404/);
  });
});
