import { createHash, createHmac, randomUUID } from 'node:crypto';
import { NotFound } from '../errors';
import type { PhotoStore } from './photo-store';

export interface S3Settings {
  /** The service's address, e.g. https://s3.cn-north-1.amazonaws.com.cn or http://minio:9000. */
  readonly endpoint: string;
  readonly bucket: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/**
 * Photos in an S3-compatible bucket (Amazon S3, MinIO, Ceph, or a cloud's object storage in its
 * S3 mode), so that every portal instance behind a load balancer reads what any of them saved.
 * Objects are addressed path-style (endpoint/bucket/key), which all of these accept, and each
 * request is signed with AWS Signature Version 4 using Node's own crypto and fetch: three calls
 * do not need a cloud vendor's SDK.
 */
export class S3PhotoStore implements PhotoStore {
  constructor(
    private readonly settings: S3Settings,
    /** When a photo is saved, for the month folder of its key. */
    private readonly now: () => Date = () => new Date(),
  ) {}

  async save(bytes: Buffer, extension: string): Promise<string> {
    const key = `${this.now().toISOString().slice(0, 7)}/${randomUUID()}.${extension}`;
    const response = await this.send('PUT', key, bytes, CONTENT_TYPES[extension] ?? 'application/octet-stream');
    if (!response.ok) throw await this.failure('PUT', key, response);
    return key;
  }

  async read(key: string): Promise<Buffer> {
    const response = await this.send('GET', key);
    if (response.status === 404) {
      throw new NotFound('这张照片的文件已不存在', `Photo object ${key} is missing`);
    }
    if (!response.ok) throw await this.failure('GET', key, response);
    return Buffer.from(await response.arrayBuffer());
  }

  async remove(key: string): Promise<void> {
    const response = await this.send('DELETE', key);
    // S3 answers 204 whether or not the object was there; some compatible stores answer 404.
    if (!response.ok && response.status !== 404) throw await this.failure('DELETE', key, response);
  }

  private async failure(method: string, key: string, response: Response): Promise<Error> {
    const detail = (await response.text().catch(() => '')).slice(0, 300);
    return new Error(`photo store: ${method} ${key} answered ${response.status} ${detail}`);
  }

  private send(method: 'GET' | 'PUT' | 'DELETE', key: string, body?: Buffer, contentType?: string): Promise<Response> {
    const url = new URL(`${this.settings.endpoint.replace(/\/+$/, '')}/${this.settings.bucket}/${key}`);
    // Signed with the real time: the service refuses a request more than 15 minutes off its clock.
    const headers = signV4(this.settings, { method, url, body, contentType }, new Date());
    return fetch(url, {
      method,
      headers,
      ...(body ? { body: new Uint8Array(body) } : {}),
      signal: AbortSignal.timeout(30_000),
    });
  }
}

/**
 * The headers that sign a request with AWS Signature Version 4 (header-based, whole payload
 * hashed): Host, the payload's SHA-256 and the time are signed, and Content-Type when there is
 * one. Host is left out of what is returned, as fetch sets it itself from the same URL.
 */
export function signV4(
  settings: Pick<S3Settings, 'region' | 'accessKeyId' | 'secretAccessKey'>,
  request: { method: string; url: URL; body?: Buffer; contentType?: string },
  at: Date,
): Record<string, string> {
  const payloadHash = sha256(request.body ?? '');
  const amzDate = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const headers: Record<string, string> = {
    host: request.url.host,
    'x-amz-content-sha256': payloadHash,
    'x-amz-date': amzDate,
    ...(request.contentType ? { 'content-type': request.contentType } : {}),
  };
  const names = Object.keys(headers).sort();
  const canonicalRequest = [
    request.method,
    request.url.pathname,
    request.url.search.slice(1),
    ...names.map((name) => `${name}:${headers[name]}`),
    '',
    names.join(';'),
    payloadHash,
  ].join('\n');
  const day = amzDate.slice(0, 8);
  const scope = `${day}/${settings.region}/s3/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  const dayKey = hmac(`AWS4${settings.secretAccessKey}`, day);
  const signingKey = hmac(hmac(hmac(dayKey, settings.region), 's3'), 'aws4_request');
  const signature = createHmac('sha256', signingKey).update(stringToSign).digest('hex');
  const sent = Object.fromEntries(names.filter((name) => name !== 'host').map((name) => [name, headers[name]!]));
  return {
    ...sent,
    authorization: `AWS4-HMAC-SHA256 Credential=${settings.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`,
  };
}
