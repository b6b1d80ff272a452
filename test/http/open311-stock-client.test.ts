import { departmentId } from '../support/reports';
import { staffSession } from '../support/staff-session';
import { TestApp, createTestApp, listenOnLoopback } from '../support/test-app';
import { StockOpen311Client } from '../open311/stock-client';

/**
 * The "done when": a stock GeoReport v2 client, pointed at discovery over real HTTP, runs
 * its read and write calls without errors and follows a report to closed.
 */
describe('a stock GeoReport v2 client against the server', () => {
  let t: TestApp;
  let base: string;
  let apiKey: string;
  beforeAll(async () => {
    t = await createTestApp();
    base = await listenOnLoopback(t);
    const admin = await staffSession(t, 'stock-admin', 'admin', null);
    const issued = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/open311-clients',
      payload: { name: 'node-open311' },
      ...admin,
    });
    apiKey = issued.json().apiKey;
  });
  afterAll(() => t.close());

  it('discovers, lists, defines, files, looks up by token, and follows the request to closed', async () => {
    const client = new StockOpen311Client(`${base}/open311/v2/discovery.json`, apiKey);
    await client.discover();
    expect(client.endpoint).toBe(`${base}/open311/v2/`);

    const services = await client.services();
    expect(services.length).toBeGreaterThan(20);
    const parking = services.find((s) => s.service_code === 'random_parking')!;
    expect(parking).toMatchObject({ service_name: '机动车、非机动车乱停乱放', group: '治乱' });
    const definition = await client.definition('random_parking');
    expect(definition.attributes.map((a) => a.code)).toContain('vehicle_type');

    const [created] = await client.submit({
      service_code: 'random_parking',
      lat: 39.9087,
      long: 116.3975,
      description: '人民路人行道上停满了电动车和共享单车，行人只能走机动车道',
      attributes: { in_compound: 'no', vehicle_type: 'non_motor' },
      first_name: '小刚',
      last_name: '赵',
    });
    expect(created!.service_request_id).toMatch(/^\d+$/);
    const [byToken] = await client.token(created!.token!);
    expect(byToken!.service_request_id).toBe(created!.service_request_id);

    const [open] = await client.request(created!.service_request_id!);
    expect(open).toMatchObject({ service_request_id: created!.service_request_id, status: 'open' });
    expect(open!.requested_datetime).toBeInstanceOf(Date);
    expect(Number.isNaN(open!.requested_datetime.getTime())).toBe(false);

    const id = Number(created!.service_request_id);
    // Whichever department the routing rules chose takes it on.
    const [{ department_id: responsible }] = await t.dataSource.query(
      'SELECT department_id FROM submission WHERE id = $1',
      [id],
    );
    expect(responsible).not.toBe(await departmentId(t, 'dispatch'));
    const enforcer = await staffSession(t, 'stock-enforcer', 'department_staff', responsible);
    const dispatcher = await staffSession(t, 'stock-dispatcher', 'dispatcher', null);
    for (const [who, action, note] of [
      [enforcer, 'accept', undefined],
      [enforcer, 'resolve', '已清理人行道上的车辆，并在路口增设非机动车停放点'],
      [dispatcher, 'close', undefined],
    ] as const) {
      const answer = await t.app.inject({
        method: 'POST',
        url: `/api/v1/staff/submissions/${id}/actions`,
        payload: { action, ...(note ? { note } : {}) },
        ...who,
      });
      expect([action, answer.statusCode, answer.json().error?.message]).toEqual([action, 200, undefined]);
    }
    const [closed] = await client.request(created!.service_request_id!);
    expect(closed).toMatchObject({
      status: 'closed',
      status_notes: '已清理人行道上的车辆，并在路口增设非机动车停放点',
    });
    const listed = await client.requests({ status: 'closed', service_code: 'random_parking' });
    expect(listed.map((r) => r.service_request_id)).toContain(created!.service_request_id);
  });

  it("reports the server's refusals through the client as errors, not as data", async () => {
    const client = new StockOpen311Client(`${base}/open311/v2/discovery.json`, 'o311_revoked-or-made-up');
    await client.discover();
    await expect(
      client.submit({ service_code: 'litter', address_string: '幸福路', description: '路边有垃圾' }),
    ).rejects.toThrow(/403/);
  });
});
