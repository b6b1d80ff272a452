import { readFile } from 'node:fs/promises';
import path from 'node:path';
import exifr from 'exifr';
import sharp from 'sharp';
import { Attachment, Submission } from '../../src/db/entities';
import { removeUnclaimedUploads } from '../../src/services/resident-photos';
import { LocalDiskPhotoStore } from '../../src/storage/photo-store';
import { multipart, phonePhoto, tinyPng } from '../support/images';
import { TestApp, aSubmission, createTestApp } from '../support/test-app';

describe("residents' photos: upload, checks, metadata removal, attaching to a report", () => {
  let t: TestApp;
  const MAX = 200_000;
  beforeAll(async () => {
    t = await createTestApp({ UPLOAD_MAX_BYTES: String(MAX) });
  });
  afterAll(() => t.close());

  const upload = (bytes: Buffer, filename = 'photo.jpg', type = 'image/jpeg') =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/photos',
      ...multipart([{ name: 'file', value: bytes, filename, type }]),
    });
  const stored = async (token: string) => {
    const row = await t.dataSource.getRepository(Attachment).findOneByOrFail({ uploadToken: token });
    return row;
  };

  it('reads the EXIF GPS position, then stores a re-encoded JPEG without it (and a thumbnail)', async () => {
    const original = await phonePhoto({ lat: 30.274085, lng: 120.155069, width: 800, height: 600 });
    expect(await exifr.gps(original)).toMatchObject({ latitude: expect.closeTo(30.274085, 4) });

    const response = await upload(original);
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toEqual({
      id: expect.stringMatching(/^[A-Za-z0-9_-]{24}$/),
      width: 800,
      height: 600,
      byteSize: expect.any(Number),
      location: { lat: expect.closeTo(30.274085, 4), lng: expect.closeTo(120.155069, 4) },
    });

    const row = await stored(body.id);
    expect(row).toMatchObject({ submissionId: null, kind: 'photo', mimeType: 'image/jpeg', width: 800, height: 600 });
    const store = new LocalDiskPhotoStore(t.uploadDir);
    const kept = await store.read(row.storageKey);
    expect(await exifr.gps(kept)).toBeUndefined();
    expect(kept.includes(Buffer.from('Exif\0\0', 'latin1'))).toBe(false);
    expect(kept.includes(Buffer.from('taken by phone X', 'latin1'))).toBe(false);
    expect((await sharp(kept).metadata()).format).toBe('jpeg');
    const thumbnail = await sharp(await store.read(row.thumbnailKey!)).metadata();
    expect(Math.max(thumbnail.width!, thumbnail.height!)).toBe(480);
  });

  it('refuses a .jpg that is really a text file with 415, and stores nothing', async () => {
    const before = await t.dataSource.getRepository(Attachment).count();
    const fake = await upload(Buffer.from('这不是照片，只是一段文字\n'.repeat(20)), 'photo.jpg', 'image/jpeg');
    expect(fake.statusCode).toBe(415);
    expect(fake.json().error).toMatchObject({ code: 'unsupported_media_type' });
    expect(fake.json().error.message).toContain('JPEG');
    const svg = await upload(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), 'a.png');
    expect(svg.statusCode).toBe(415);
    // Looks like a JPEG by its first bytes but cannot be decoded.
    const broken = await upload(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 7)]));
    expect(broken.statusCode).toBe(415);
    expect(await t.dataSource.getRepository(Attachment).count()).toBe(before);
  });

  it('refuses a file over the size limit with 413, and a request with no file with 400', async () => {
    const big = await sharp({
      create: { width: 1200, height: 1200, channels: 3, background: { r: 1, g: 2, b: 3 } },
    })
      .png({ compressionLevel: 0 })
      .toBuffer();
    expect(big.length).toBeGreaterThan(MAX);
    const tooBig = await upload(big, 'big.png', 'image/png');
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().error.code).toBe('file_too_large');

    const none = await t.app.inject({
      method: 'POST',
      url: '/api/v1/photos',
      ...multipart([{ name: 'note', value: 'no file here' }]),
    });
    expect(none.statusCode).toBe(400);
    expect(none.json().error.fields[0].field).toBe('file');
    const json = await t.app.inject({ method: 'POST', url: '/api/v1/photos', payload: { file: 'x' } });
    expect(json.statusCode).toBe(415);
    const noBoundary = await t.app.inject({
      method: 'POST',
      url: '/api/v1/photos',
      headers: { 'content-type': 'multipart/form-data' },
      payload: 'xx',
    });
    expect(noBoundary.statusCode).toBe(415);
    expect(noBoundary.json().error.code).toBe('unsupported_media_type');
    const manyFields = await t.app.inject({
      method: 'POST',
      url: '/api/v1/photos',
      ...multipart(Array.from({ length: 5 }, (_, i) => ({ name: `f${i}`, value: 'v' }))),
    });
    expect(manyFields.statusCode).toBe(413);
    expect(manyFields.json().error.code).toBe('too_many_fields');
  });

  it('accepts PNG, WebP and HEIC by their bytes and stores each as a plain JPEG', async () => {
    const webp = await sharp(tinyPng(8)).webp().toBuffer();
    const heic = await readFile(path.join(__dirname, '..', 'fixtures', 'photo.heic'));
    for (const [bytes, name] of [
      [tinyPng(8, 'GPS 30.27 120.15'), 'a.png'],
      [webp, 'b.webp'],
      [heic, 'c.heic'],
    ] as const) {
      const response = await upload(bytes, name, 'application/octet-stream');
      expect([name, response.statusCode]).toEqual([name, 201]);
      const row = await stored(response.json().id);
      const kept = await new LocalDiskPhotoStore(t.uploadDir).read(row.storageKey);
      expect((await sharp(kept).metadata()).format).toBe('jpeg');
    }
  });

  it('attaches uploads to the report, which takes the photo position when it has none', async () => {
    const first = (await upload(await phonePhoto({ lat: 30.25, lng: 120.16 }))).json();
    const second = (await upload(await phonePhoto({ lat: 31, lng: 121 }))).json();
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/submissions',
      payload: aSubmission({ photoIds: [first.id, second.id] }),
    });
    expect(created.statusCode).toBe(201);
    const report = await t.dataSource
      .getRepository(Submission)
      .findOneByOrFail({ trackingCode: created.json().trackingCode });
    expect([report.lat, report.lng]).toEqual([30.25, 120.16]);
    const photos = await t.dataSource.getRepository(Attachment).find({
      where: { submissionId: report.id },
      order: { id: 'ASC' },
    });
    expect(photos.map((p) => [p.kind, p.uploadToken])).toEqual([
      ['photo', null],
      ['photo', null],
    ]);

    // A photo belongs to one report: a second report cannot take it again.
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/submissions',
      payload: aSubmission({ photoIds: [first.id] }),
    });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.fields[0]).toMatchObject({ field: 'photoIds' });

    const tooMany = await t.app.inject({
      method: 'POST',
      url: '/api/v1/submissions',
      payload: aSubmission({ photoIds: Array.from({ length: 7 }, (_, i) => `${'a'.repeat(23)}${i}`) }),
    });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.message).toContain('6');
  });

  it("keeps the resident's own position over the photo's, and the residents' photos off the public page", async () => {
    const photo = (await upload(await phonePhoto({ lat: 30.25, lng: 120.16 }))).json();
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/submissions',
      payload: aSubmission({ photoIds: [photo.id], location: { lat: 39.9, lng: 116.4, address: '幸福路 12 号' } }),
    });
    const code = created.json().trackingCode;
    const report = await t.dataSource.getRepository(Submission).findOneByOrFail({ trackingCode: code });
    expect([report.lat, report.lng]).toEqual([39.9, 116.4]);
    const tracked = await t.app.inject({ method: 'GET', url: `/api/v1/submissions/${code}` });
    expect(tracked.json().photos).toEqual([]);
    const [own] = await t.dataSource.getRepository(Attachment).findBy({ submissionId: report.id });
    const direct = await t.app.inject({ method: 'GET', url: `/api/v1/submissions/${code}/photos/${own!.id}` });
    expect(direct.statusCode).toBe(404);
  });

  it('removes uploads that no report claimed in time, files and rows', async () => {
    const orphan = (await upload(await phonePhoto({ lat: 30, lng: 120 }))).json();
    const row = await stored(orphan.id);
    const store = new LocalDiskPhotoStore(t.uploadDir);
    // Earlier tests' uploads are older and go; this one is not older than the cut-off and stays.
    await removeUnclaimedUploads({ dataSource: t.dataSource, photoStore: store }, row.createdAt);
    expect(await t.dataSource.getRepository(Attachment).findOneBy({ id: row.id })).not.toBeNull();
    expect((await store.read(row.storageKey)).length).toBeGreaterThan(0);
    const removed = await removeUnclaimedUploads(
      { dataSource: t.dataSource, photoStore: store },
      new Date(row.createdAt.getTime() + 1000),
    );
    expect(removed).toBeGreaterThanOrEqual(1);
    expect(await t.dataSource.getRepository(Attachment).findOneBy({ id: row.id })).toBeNull();
    await expect(store.read(row.storageKey)).rejects.toMatchObject({ status: 404 });
  });
});
