import { Submission } from '../../src/db/entities';
import { TestApp, createTestApp } from '../support/test-app';

describe('POST /api/v1/classify', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers the classification, its reasons and the routing decision without storing anything', async () => {
    const before = await t.dataSource.getRepository(Submission).count();
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/classify',
      payload: { text: '我们小区有人从楼上飞线给电动车充电，很危险' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      category: { code: 'shabby', name: '治差' },
      subcategory: { code: 'flying_wires' },
      needsReview: false,
      routing: { department: { code: 'housing' }, ruleId: expect.any(Number), resolveWithinHours: 72 },
    });
    expect(response.json().signals.length).toBeGreaterThan(0);
    expect(Date.parse(response.json().routing.deadline)).toBeGreaterThan(Date.now());
    expect(await t.dataSource.getRepository(Submission).count()).toBe(before);
  });

  it('routes by a keyword rule: sanitation problems at a supermarket go to market regulation', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/classify',
      payload: { text: '万家福超市门口的垃圾桶满了好几天没人清运' },
    });
    expect(response.json()).toMatchObject({ category: { code: 'dirty' }, routing: { department: { code: 'market' } } });
  });

  it('sends text it cannot place to the dispatch office', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/classify', payload: { text: '😀😀😀' } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      category: { code: 'other' },
      needsReview: true,
      routing: { department: { code: 'dispatch' }, ruleId: null },
    });
  });

  it('rejects a missing or oversized text naming the field', async () => {
    for (const payload of [{}, { text: 42 }, { text: '垃'.repeat(4001) }]) {
      const response = await t.app.inject({ method: 'POST', url: '/api/v1/classify', payload });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.fields[0].field).toBe('text');
    }
  });
});
