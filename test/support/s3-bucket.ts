import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { S3Settings } from '../../src/storage/s3-photo-store';

// No types are published for s3rver; only its constructor, run() and close() are used.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver') as new (options: Record<string, unknown>) => {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
};

export interface Bucket {
  /** What PHOTO_STORE=s3 needs to reach it (s3rver's own account). */
  readonly settings: S3Settings;
  /** The folder s3rver keeps the bucket's objects in. */
  readonly dir: string;
  close(): Promise<void>;
}

/**
 * An S3-compatible bucket named `photos` on loopback: s3rver, an S3 server in Node, stands in
 * for the object storage service as Wechaty's mock puppet stands in for WeChat's servers. It does
 * not check Signature Version 4; test/storage/s3-photo-store.test.ts checks the signing itself.
 */
export async function startBucket(): Promise<Bucket> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-bucket-'));
  const server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    directory: dir,
    silent: true,
    configureBuckets: [{ name: 'photos', configs: [] }],
  });
  const { port } = await server.run();
  return {
    settings: {
      endpoint: `http://127.0.0.1:${port}`,
      bucket: 'photos',
      region: 'us-east-1',
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
    },
    dir,
    async close() {
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
