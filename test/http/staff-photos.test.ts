import { departmentId, fileReport } from '../support/reports';
import exifr from 'exifr';
import { multipart, phonePhoto, tinyPng } from '../support/images';
import { staffSession } from '../support/staff-session';
import { TestApp, createTestApp } from '../support/test-app';

describe('rectification photos', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ UPLOAD_MAX_BYTES: '4096' });
  });
  afterAll(() => t.close());

  it('stores a real photo without its metadata, serves it to staff who see the report, and refuses the rest', async () => {
    const sanitation = await departmentId(t, 'sanitation');
    const urban = await departmentId(t, 'urban_management');
    const cleaner = await staffSession(t, 'photo-cleaner', 'department_staff', sanitation);
    const outsider = await staffSession(t, 'photo-outsider', 'department_staff', urban);
    const report = await fileReport(t, '小区门口垃圾桶满了三天没人清运');
    const upload = (who: typeof cleaner, body: ReturnType<typeof multipart>) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/staff/submissions/${report.id}/photos`,
        cookies: who.cookies,
        headers: { ...who.headers, ...body.headers },
        payload: body.payload,
      });

    const photo = multipart([
      { name: 'kind', value: 'after_photo' },
      { name: 'file', value: await phonePhoto({ lat: 30.27, lng: 120.15 }), filename: 'after.png', type: 'image/png' },
    ]);
    const saved = await upload(cleaner, photo);
    expect(saved.statusCode).toBe(201);
    // The bytes decide the type, not the name the browser sent.
    expect(saved.json()).toMatchObject({ kind: 'after_photo', mimeType: 'image/jpeg' });

    const served = await t.app.inject({ method: 'GET', url: saved.json().url, ...cleaner });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/jpeg');
    expect(await exifr.gps(served.rawPayload)).toBeUndefined();
    expect(served.rawPayload.toString('latin1')).not.toContain('taken by phone X');
    const thumbnail = await t.app.inject({ method: 'GET', url: saved.json().thumbnailUrl, ...cleaner });
    expect(thumbnail.statusCode).toBe(200);
    expect(thumbnail.headers['content-type']).toBe('image/jpeg');
    // Staff see where the photo was taken, though the stored file no longer says it.
    expect(saved.json().location).toEqual({ lat: 30.27, lng: 120.15 });
    expect((await t.app.inject({ method: 'GET', url: saved.json().url, ...outsider })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: saved.json().url })).statusCode).toBe(401);

    const detail = await t.app.inject({ method: 'GET', url: `/api/v1/staff/submissions/${report.id}`, ...cleaner });
    expect(detail.json().attachments).toEqual([expect.objectContaining({ id: saved.json().id, kind: 'after_photo' })]);

    const script = multipart([
      { name: 'kind', value: 'after_photo' },
      { name: 'file', value: '<svg onload="alert(1)"/>', filename: 'x.jpg', type: 'image/jpeg' },
    ]);
    const refused = await upload(cleaner, script);
    expect(refused.statusCode).toBe(415);
    expect(refused.json().error.code).toBe('unsupported_media_type');

    const noKind = await upload(cleaner, multipart([{ name: 'file', value: tinyPng(), filename: 'a.png' }]));
    expect(noKind.statusCode).toBe(400);
    expect(noKind.json().error.fields[0].field).toBe('kind');

    const big = multipart([
      { name: 'kind', value: 'before_photo' },
      { name: 'file', value: Buffer.concat([tinyPng(), Buffer.alloc(5000)]), filename: 'big.png' },
    ]);
    const tooBig = await upload(cleaner, big);
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().error.code).toBe('file_too_large');

    const json = await t.app.inject({
      method: 'POST',
      url: `/api/v1/staff/submissions/${report.id}/photos`,
      payload: { kind: 'after_photo' },
      ...cleaner,
    });
    expect(json.statusCode).toBe(415);
    expect((await upload(outsider, photo)).statusCode).toBe(404);
  });
});
