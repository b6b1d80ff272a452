import { Submission } from '../../src/db/entities';
import { TestApp, aSubmission, createTestApp } from '../support/test-app';

describe('POST /api/v1/submissions validation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ BODY_LIMIT_BYTES: '12000' });
  });
  afterAll(() => t.close());

  async function rejected(payload: unknown, headers: Record<string, string> = {}) {
    const before = await t.dataSource.getRepository(Submission).count();
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/submissions',
      headers: { 'content-type': 'application/json', ...headers },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });
    expect(await t.dataSource.getRepository(Submission).count()).toBe(before);
    return response;
  }

  const cases: Array<[string, Record<string, unknown>, string, string]> = [
    ['content missing', { content: undefined }, 'content', 'isDefined'],
    ['content not text', { content: 12345 }, 'content', 'isString'],
    ['content one character after trimming', { content: '   脏   ' }, 'content', 'charLength'],
    ['content over 2,000 characters', { content: '脏'.repeat(2001) }, 'content', 'charLength'],
    ['channel missing', { channel: undefined }, 'channel', 'isDefined'],
    ['channel unknown', { channel: 'fax' }, 'channel', 'isIn'],
    ['location not an object', { location: '幸福路' }, 'location', 'isObject'],
    ['address too long', { location: { address: '路'.repeat(201) } }, 'location.address', 'charLength'],
    ['latitude out of range', { location: { lat: 91, lng: 116 } }, 'location.lat', 'max'],
    ['longitude given as text', { location: { lat: 39.9, lng: '116.4' } }, 'location.lng', 'isNumber'],
    ['latitude without longitude', { location: { lat: 39.9 } }, 'location.lng', 'isDefined'],
    ['phone not a mainland mobile', { contact: { phone: '12345' } }, 'contact.phone', 'matches'],
    ['name too long', { contact: { name: '名'.repeat(51) } }, 'contact.name', 'charLength'],
    ['anonymous not a boolean', { anonymous: 'yes' }, 'anonymous', 'isBoolean'],
    ['anonymous with contact details', { anonymous: true, contact: { phone: '13812341234' } }, 'contact', 'anonymous'],
    ['an unknown field', { isAdmin: true }, 'isAdmin', 'whitelistValidation'],
  ];

  it.each(cases)('rejects %s with 400 naming the field', async (_name, change, field, rule) => {
    const response = await rejected(aSubmission(change));
    expect(response.statusCode).toBe(400);
    const { error } = response.json();
    expect(error.code).toBe('validation_failed');
    expect(error.message).toMatch(/[\u4e00-\u9fff]/);
    expect(error.fields).toContainEqual(expect.objectContaining({ field, rule }));
  });

  it('accepts content of exactly 2 and 2,000 characters, counting an emoji once', async () => {
    for (const content of ['脏乱', '👍👍', '脏'.repeat(2000), '👍'.repeat(2000)]) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/submissions',
        payload: aSubmission({ content }),
      });
      expect(response.statusCode).toBe(201);
    }
    const oneEmoji = await rejected(aSubmission({ content: '👍' }));
    expect(oneEmoji.statusCode).toBe(400);
  });

  it('drops NUL characters, which PostgreSQL cannot store, instead of failing', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/submissions',
      payload: aSubmission({ content: '垃圾\u0000桶满了', location: { address: '幸福路\u000012号' } }),
    });
    expect(response.statusCode).toBe(201);
    const row = await t.dataSource
      .getRepository(Submission)
      .findOneByOrFail({ trackingCode: response.json().trackingCode });
    expect([row.content, row.address]).toEqual(['垃圾桶满了', '幸福路12号']);
  });

  it('accepts a phone written with +86 and spaces and stores 11 digits', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/submissions',
      payload: aSubmission({ contact: { name: '李四', phone: '+86 138 1234 5678' } }),
    });
    expect(response.statusCode).toBe(201);
    const row = await t.dataSource
      .getRepository(Submission)
      .findOneByOrFail({ trackingCode: response.json().trackingCode });
    expect(row.contactPhone).toBe('13812345678');
  });

  it('rejects a body that is not an object', async () => {
    const response = await rejected('["幸福路垃圾"]');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields).toEqual([expect.objectContaining({ field: 'body' })]);
  });

  it('rejects malformed JSON with 400', async () => {
    const response = await rejected('{"content": "垃圾');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('invalid_json');
  });

  it('rejects a prototype-pollution key with 400', async () => {
    const response = await rejected('{"content":"垃圾没人收","channel":"web","__proto__":{"admin":true}}');
    expect(response.statusCode).toBe(400);
  });

  it('answers 413 for a body over the limit', async () => {
    const response = await rejected(aSubmission({ content: '垃'.repeat(4500) }));
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('payload_too_large');
  });

  it('answers 415 for a content type other than JSON', async () => {
    const response = await rejected('content=垃圾', { 'content-type': 'text/plain' });
    expect(response.statusCode).toBe(415);
    expect(response.json().error.code).toBe('unsupported_media_type');
  });

  it('rejects a malformed Idempotency-Key', async () => {
    for (const key of ['x'.repeat(201), 'short-key', 'has space in the key 123']) {
      const response = await rejected(aSubmission(), { 'idempotency-key': key });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.fields).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
    }
  });
});
