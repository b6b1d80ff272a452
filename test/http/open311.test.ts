import type { Open311Client } from '../../src/db/entities';
import { unclassified } from '../../src/domain/classification/classifier';
import { categoryOfSubcategory, CATEGORIES } from '../../src/domain/taxonomy';
import { Forbidden } from '../../src/errors';
import { fileOpen311Request } from '../../src/services/open311/requests';
import { asXmlStrings, parseGeoReportXml } from '../open311/xml';
import { expectValid, georeport } from '../open311/georeport-v2-schemas';
import { departmentId } from '../support/reports';
import { staffSession } from '../support/staff-session';
import { TestApp, createTestApp } from '../support/test-app';

type Parts = Awaited<ReturnType<typeof staffSession>>;
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const OFFSET = /\+08:00$/;

describe('Open311 GeoReport v2', () => {
  let t: TestApp;
  let admin: Parts;
  let apiKey: string;
  let clientId: number;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await staffSession(t, 'o311-admin', 'admin', null);
    const issued = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/open311-clients',
      payload: { name: '街道网格员 App', contact: '网格中心 010-12345678' },
      ...admin,
    });
    expect(issued.statusCode).toBe(201);
    apiKey = issued.json().apiKey;
    clientId = issued.json().client.id;
  });
  afterAll(() => t.close());

  const get = (url: string) => t.app.inject({ method: 'GET', url: `/open311/v2/${url}` });
  const post = (fields: Record<string, string>, format = 'json') =>
    t.app.inject({
      method: 'POST',
      url: `/open311/v2/requests.${format}`,
      headers: FORM,
      payload: new URLSearchParams(fields).toString(),
    });
  const aRequest = (fields: Record<string, string> = {}) => ({
    api_key: apiKey,
    service_code: 'garbage_overflow',
    address_string: '幸福路12号小区北门',
    description: '小区北门的垃圾桶满了两天没人清运，味道很大',
    ...fields,
  });

  /** The JSON answer, and the XML answer read back into the same shape. */
  async function both(url: string): Promise<{ json: unknown; xml: unknown; root: string }> {
    const json = await get(`${url.replace('{f}', 'json')}`);
    const xml = await get(`${url.replace('{f}', 'xml')}`);
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(xml.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(xml.statusCode).toBe(json.statusCode);
    const parsed = parseGeoReportXml(xml.body);
    return { json: json.json(), xml: parsed.data, root: parsed.root };
  }

  it('describes itself in discovery, in JSON and XML', async () => {
    const { json, xml, root } = await both('discovery.{f}');
    expectValid(georeport.discovery, json);
    const discovery = json as {
      endpoints: { url: string; specification: string; formats: string[] }[];
      changeset: string;
    };
    expect(discovery.endpoints[0]).toMatchObject({
      specification: 'http://wiki.open311.org/GeoReport_v2',
      url: 'http://localhost:80/open311/v2',
      type: 'production',
      formats: ['text/xml', 'application/json'],
    });
    expect(discovery.changeset).toMatch(OFFSET);
    expect(root).toBe('discovery');
    expect(xml).toEqual(asXmlStrings(json));
  });

  it('lists every subcategory as a service, grouped by category, with keywords', async () => {
    const { json, xml, root } = await both('services.{f}');
    expectValid(georeport.services, json);
    const services = json as { service_code: string; service_name: string; group: string; keywords: string }[];
    const subcategories = CATEGORIES.flatMap((c) => c.subcategories);
    expect(services.map((s) => s.service_code)).toEqual(subcategories.map((s) => s.code));
    const garbage = services.find((s) => s.service_code === 'garbage_overflow')!;
    expect(garbage).toMatchObject({
      service_name: '垃圾满溢、清运不及时',
      group: '治脏',
      metadata: true,
      type: 'realtime',
    });
    expect(garbage.keywords.split(',')).toContain('满溢');
    expect(services.find((s) => s.service_code === 'random_parking')!.group).toBe('治乱');
    expect(root).toBe('services');
    expect(xml).toEqual(asXmlStrings(json));
  });

  it('defines each service with its attributes, and answers an unknown code with the spec error', async () => {
    const { json, xml, root } = await both('services/random_parking.{f}');
    expectValid(georeport.serviceDefinition, json);
    const definition = json as { service_code: string; attributes: { code: string; values?: { key: string }[] }[] };
    expect(definition.service_code).toBe('random_parking');
    expect(definition.attributes.map((a) => a.code)).toEqual(['in_compound', 'vehicle_type']);
    expect(definition.attributes[0]!.values!.map((v) => v.key)).toEqual(['yes', 'no']);
    expect(root).toBe('service_definition');
    expect(xml).toEqual(asXmlStrings(json));

    const missing = await both('services/no_such_thing.{f}');
    expectValid(georeport.errors, missing.json);
    expect((missing.json as { code: number }[])[0]!.code).toBe(404);
    expect(missing.root).toBe('errors');
    expect(missing.xml).toEqual(asXmlStrings(missing.json));
    expect((await get('services.csv')).statusCode).toBe(404);
  });

  describe('POST requests', () => {
    it('refuses a missing, unknown or revoked api_key with 403', async () => {
      const withoutKey: Record<string, string> = aRequest();
      delete withoutKey.api_key;
      const missing = await post(withoutKey);
      expect(missing.statusCode).toBe(403);
      expectValid(georeport.errors, missing.json());
      expect(missing.json()[0]).toEqual({ code: 403, description: '缺少 api_key' });

      const inQuery = await t.app.inject({
        method: 'POST',
        url: `/open311/v2/requests.json?api_key=${apiKey}`,
        headers: FORM,
        payload: new URLSearchParams(withoutKey).toString(),
      });
      expect(inQuery.statusCode).toBe(403);

      const wrong = await post(aRequest({ api_key: 'o311_not-a-key' }));
      expect(wrong.statusCode).toBe(403);
      expect(wrong.json()[0].description).toBe('api_key 无效');

      const issued = await t.app.inject({
        method: 'POST',
        url: '/api/v1/admin/open311-clients',
        payload: { name: '将被吊销的客户端' },
        ...admin,
      });
      const key = issued.json().apiKey as string;
      expect((await post(aRequest({ api_key: key }))).statusCode).toBe(201);
      const revoked = await t.app.inject({
        method: 'POST',
        url: `/api/v1/admin/open311-clients/${issued.json().client.id}/revoke`,
        ...admin,
      });
      expect(revoked.statusCode).toBe(200);
      expect(revoked.json().revokedAt).not.toBeNull();
      const refused = await post(aRequest({ api_key: key }), 'xml');
      expect(refused.statusCode).toBe(403);
      const xml = parseGeoReportXml(refused.body);
      expect(xml).toEqual({ root: 'errors', data: [{ code: '403', description: 'api_key 已被吊销，请联系创城办' }] });
    });

    it.each([
      ['service_code: 没有服务代码 pothole', { service_code: 'pothole' }],
      ['service_code: 必须填写服务代码（见服务列表 services）', { service_code: '' }],
      ['location: 必须提供位置：lat 和 long，或 address_string', { address_string: '' }],
      [
        'address_id: 本系统没有地址编号库，请改填 address_string 或 lat/long',
        { address_string: '', address_id: 'A-12' },
      ],
      ['long: 填写坐标时 lat 和 long 都需要', { lat: '39.9' }],
      ['lat: 应为 -90 到 90 之间的十进制数（WGS-84）', { lat: '91', long: '116.4' }],
      ['description: 只接受纯文字，不能包含 HTML 标签或实体', { description: '垃圾桶<script>alert(1)</script>满了' }],
      ['description: 只接受纯文字，不能包含 HTML 标签或实体', { description: '<b>垃圾</b>' }],
      ['description: 不能超过 4000 个字符', { description: '满'.repeat(4001) }],
      ['phone: 应为 11 位大陆手机号', { phone: '12345' }],
      ['email: 邮箱格式不正确', { email: 'not-an-email' }],
      ['media_url: 应为 http 或 https 网址', { media_url: 'javascript:alert(1)' }],
      ['attribute[in_compound]: 应为 yes、no 之一', { 'attribute[in_compound]': 'maybe' }],
      [
        'attribute[colour]: 服务 garbage_overflow 没有这个属性（见服务定义 services/garbage_overflow）',
        { 'attribute[colour]': 'red' },
      ],
    ])('answers 400 naming the field: %s', async (description, change) => {
      const before = await t.dataSource.query('SELECT count(*)::int AS n FROM submission');
      const answer = await post(aRequest(change as Record<string, string>));
      expect(answer.statusCode).toBe(400);
      expectValid(georeport.errors, answer.json());
      expect(answer.json()).toContainEqual({ code: 400, description });
      expect(await t.dataSource.query('SELECT count(*)::int AS n FROM submission')).toEqual(before);
    });

    it('asks for a form when sent something else, and takes JSON fields too', async () => {
      const multipart = await t.app.inject({
        method: 'POST',
        url: '/open311/v2/requests.json',
        headers: { 'content-type': 'text/plain' },
        payload: 'service_code=litter',
      });
      expect(multipart.statusCode).toBe(415);
      expect(multipart.json()).toEqual([{ code: 415, description: '请以 application/x-www-form-urlencoded 表单提交' }]);
      const json = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: aRequest() });
      expect(json.statusCode).toBe(201);
    });

    it('takes exactly 4,000 characters, and a location by coordinates alone', async () => {
      const long = await post(aRequest({ description: `垃圾桶满了${'。'.repeat(3995)}` }));
      expect(long.statusCode).toBe(201);
      const byPoint = await post(aRequest({ address_string: '', lat: '39.9087', long: '116.3975' }));
      expect(byPoint.statusCode).toBe(201);
      const [row] = await t.dataSource.query('SELECT lat, lng, address FROM submission WHERE id = $1', [
        Number(byPoint.json()[0].service_request_id),
      ]);
      expect(row).toEqual({ lat: 39.9087, lng: 116.3975, address: null });
    });

    it('files the report through the same intake as the web form, with channel open311', async () => {
      const answer = await post(
        aRequest({
          phone: '+86 139-1234-5678',
          first_name: '小明',
          last_name: '王',
          email: 'wang@example.com',
          media_url: 'https://img.example.com/p/1.jpg',
          'attribute[in_compound]': 'yes',
          account_id: 'acct-42',
        }),
      );
      expect(answer.statusCode).toBe(201);
      expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
      expectValid(georeport.created, answer.json());
      const [created] = answer.json();
      expect(created.account_id).toBe('acct-42');
      expect(created.token).toMatch(/^[0-9a-f-]{36}$/);

      const [row] = await t.dataSource.query(
        `SELECT s.channel, s.category, s.subcategory, s.status, s.contact_name, s.contact_phone, s.tracking_code,
                s.needs_review, d.code AS department, o.client_id, o.service_code, o.attributes, o.media_url, o.email
           FROM submission s JOIN department d ON d.id = s.department_id
           JOIN open311_request o ON o.submission_id = s.id WHERE s.id = $1`,
        [Number(created.service_request_id)],
      );
      expect(row).toMatchObject({
        channel: 'open311',
        category: 'dirty',
        subcategory: 'garbage_overflow',
        status: 'assigned',
        needs_review: false,
        department: 'sanitation',
        contact_name: '王小明',
        contact_phone: '13912345678',
        client_id: clientId,
        service_code: 'garbage_overflow',
        attributes: { in_compound: 'yes' },
        media_url: 'https://img.example.com/p/1.jpg',
        email: 'wang@example.com',
      });
      expect(created.service_notice).toContain(row.tracking_code);
      // The client's own picture link is for staff; GET shows only the department's photos.
      const [shown] = (await get(`requests/${created.service_request_id}.json`)).json();
      expect(shown.media_url).toBeNull();
      expect(shown.description).toBe('小区北门的垃圾桶满了两天没人清运，味道很大');
      // The resident can follow and rate it on the portal with the code the client passes on.
      const tracked = await t.app.inject({ method: 'GET', url: `/api/v1/submissions/${row.tracking_code}` });
      expect(tracked.statusCode).toBe(200);

      const notes = await t.dataSource.query(
        `SELECT note FROM timeline_event WHERE submission_id = $1 AND NOT visible_to_resident ORDER BY id`,
        [Number(created.service_request_id)],
      );
      expect(notes.map((n: { note: string }) => n.note).join('\n')).toContain(
        '通过 Open311 客户端「街道网格员 App」提交，所选服务：垃圾满溢、清运不及时；问题是否在居民小区（院落）内：是，在小区（院落）内',
      );
      const [client] = (await t.app.inject({ method: 'GET', url: '/api/v1/admin/open311-clients', ...admin }))
        .json()
        .items.filter((c: { id: number }) => c.id === clientId);
      expect(client.requestCount).toBeGreaterThanOrEqual(1);
      expect(client.lastUsedAt).not.toBeNull();
    });

    it('lets the classifier cross-check the chosen service: a clear disagreement goes to a dispatcher, who sees both', async () => {
      const answer = await post(
        aRequest({ service_code: 'random_parking', description: '小区门口垃圾桶满了三天没人清运，臭味很大' }),
      );
      expect(answer.statusCode).toBe(201);
      const id = Number(answer.json()[0].service_request_id);
      const [row] = await t.dataSource.query(
        `SELECT s.category, s.subcategory, s.needs_review, s.status, s.classification, d.code AS department
           FROM submission s JOIN department d ON d.id = s.department_id WHERE s.id = $1`,
        [id],
      );
      expect(row).toMatchObject({
        category: 'disorder',
        subcategory: 'random_parking',
        needs_review: true,
        status: 'submitted',
        department: 'dispatch',
      });
      expect(row.classification.requested).toMatchObject({
        category: 'disorder',
        subcategory: 'random_parking',
        agrees: false,
        classifier: { category: 'dirty', subcategory: 'garbage_overflow' },
      });
      const dispatcher = await staffSession(t, 'o311-dispatcher', 'dispatcher', null);
      const detail = await t.app.inject({ method: 'GET', url: `/api/v1/staff/submissions/${id}`, ...dispatcher });
      expect(detail.json().classification.requested.classifier.subcategory).toBe('garbage_overflow');
      const timeline = detail
        .json()
        .timeline.map((e: { note: string | null }) => e.note)
        .join('\n');
      expect(timeline).toContain(
        '提交方选择：治乱 / 机动车、非机动车乱停乱放；自动分类不一致：治脏 / 垃圾满溢、清运不及时',
      );
      expect(timeline).toContain('请人工核对');

      // Agreeing on the category is agreement: the client's subcategory stands and routes.
      const agreed = await post(aRequest({ service_code: 'litter', description: '小区门口垃圾桶满了三天没人清运' }));
      const [routed] = await t.dataSource.query(
        `SELECT s.subcategory, s.needs_review, d.code FROM submission s JOIN department d ON d.id = s.department_id
          WHERE s.id = $1`,
        [Number(agreed.json()[0].service_request_id)],
      );
      expect(routed).toEqual({ subcategory: 'litter', needs_review: false, code: 'sanitation' });
    });

    it('accepts a request without a description, as the spec allows', async () => {
      const fields: Record<string, string> = aRequest();
      delete fields.description;
      const answer = await post(fields);
      expect(answer.statusCode).toBe(201);
      const [row] = await t.dataSource.query('SELECT content FROM submission WHERE id = $1', [
        Number(answer.json()[0].service_request_id),
      ]);
      expect(row.content).toBe('垃圾满溢、清运不及时（Open311 客户端未附文字描述）');
    });

    it('answers POST in XML too', async () => {
      const answer = await post(aRequest(), 'xml');
      expect(answer.statusCode).toBe(201);
      expect(answer.headers['content-type']).toBe('text/xml; charset=utf-8');
      const { root, data } = parseGeoReportXml(answer.body);
      expect(root).toBe('service_requests');
      const [created] = data as { service_request_id: string; token: string }[];
      expect(created!.service_request_id).toMatch(/^\d+$/);
      const token = await get(`tokens/${created!.token}.xml`);
      expect(parseGeoReportXml(token.body).data).toEqual([
        { service_request_id: created!.service_request_id, token: created!.token },
      ]);
    });
  });

  describe('GET requests', () => {
    async function filed(fields: Record<string, string> = {}): Promise<string> {
      const answer = await post(aRequest(fields));
      expect(answer.statusCode).toBe(201);
      return answer.json()[0].service_request_id as string;
    }

    it('never shows personal data: no name, phone, email, code; numbers in the text are masked', async () => {
      const id = await filed({
        description: '垃圾桶满了，物业不管，我电话13812345678，邮箱me@example.com',
        phone: '13912345678',
        first_name: '小红',
        last_name: '李',
        email: 'li@example.com',
      });
      const [{ tracking_code: code }] = await t.dataSource.query('SELECT tracking_code FROM submission WHERE id = $1', [
        Number(id),
      ]);
      for (const url of [`requests/${id}.json`, `requests/${id}.xml`, `requests.json?service_request_id=${id}`]) {
        const answer = await get(url);
        expect(answer.statusCode).toBe(200);
        for (const secret of ['13912345678', '13812345678', '李小红', 'li@example.com', 'me@example.com', code]) {
          expect(answer.body).not.toContain(secret);
        }
      }
      const [request] = (await get(`requests/${id}.json`)).json();
      expect(request.description).toBe('垃圾桶满了，物业不管，我电话138****5678，邮箱[邮箱已隐去]');
    });

    it('keeps the words and address of reports sent on the web private, and their position coarse', async () => {
      const web = await t.app.inject({
        method: 'POST',
        url: '/api/v1/submissions',
        payload: {
          content: '我家楼下垃圾桶满了，我住3单元502',
          channel: 'web',
          location: { address: '幸福小区3单元', lat: 39.908712, lng: 116.397534 },
        },
      });
      expect(web.statusCode).toBe(201);
      const [{ id }] = await t.dataSource.query('SELECT id FROM submission WHERE tracking_code = $1', [
        web.json().trackingCode,
      ]);
      const [shown] = (await get(`requests/${id}.json`)).json();
      expect(shown).toMatchObject({
        service_code: 'garbage_overflow',
        description: '垃圾满溢、清运不及时（经网页反映，原文不公开）',
        address: null,
        lat: 39.909,
        long: 116.398,
      });
      expectValid(georeport.serviceRequests, [shown]);
    });

    it('leaves withdrawn reports out of searches and shows nothing of them by id', async () => {
      const id = await filed({ description: '小区门口垃圾桶满了，后来自己清了' });
      await t.dataSource.query(`UPDATE submission SET status = 'withdrawn' WHERE id = $1`, [Number(id)]);
      const listed = (await get('requests.json'))
        .json()
        .map((r: { service_request_id: string }) => r.service_request_id);
      expect(listed).not.toContain(id);
      const [shown] = (await get(`requests/${id}.json`)).json();
      expect(shown).toMatchObject({
        status: 'closed',
        description: '垃圾满溢、清运不及时（反映人已撤回）',
        address: null,
        lat: null,
        long: null,
      });
    });

    it('takes a bare end_date as the whole of that Beijing day', async () => {
      const id = await filed();
      const [{ day }] = await t.dataSource.query(
        `SELECT to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day FROM submission WHERE id = $1`,
        [Number(id)],
      );
      const sameDay = (await get(`requests.json?start_date=${day}&end_date=${day}`)).json();
      expect(sameDay.map((r: { service_request_id: string }) => r.service_request_id)).toContain(id);
    });

    it('filters by ids (ignoring the rest), service_code, status and dates, newest first', async () => {
      const a = await filed();
      const b = await filed({ service_code: 'litter', description: '路边绿化带里有很多垃圾杂物' });
      const byIds = (await get(`requests.json?service_request_id=${a},${b}&status=closed&service_code=praise`)).json();
      expectValid(georeport.serviceRequests, byIds);
      expect(byIds.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([b, a]);

      const both311 = await both('requests.{f}?service_code=litter');
      expectValid(georeport.serviceRequests, both311.json);
      expect(both311.root).toBe('service_requests');
      expect(both311.xml).toEqual(asXmlStrings(both311.json));
      const litter = (await get('requests.json?service_code=litter')).json();
      expect(litter.map((r: { service_request_id: string }) => r.service_request_id)).toContain(b);
      expect(litter.every((r: { service_code: string }) => r.service_code === 'litter')).toBe(true);

      expect((await get('requests.json?status=closed')).json()).toEqual([]);
      const open = (await get('requests.json?status=open,closed')).json();
      expect(open.length).toBeGreaterThanOrEqual(2);
      expect(open.every((r: { status: string }) => r.status === 'open')).toBe(true);

      // Put one report 100 days back: the default window (the last 90 days) leaves it out.
      await t.dataSource.query(`UPDATE submission SET created_at = now() - interval '100 days' WHERE id = $1`, [
        Number(a),
      ]);
      const recent = (await get('requests.json'))
        .json()
        .map((r: { service_request_id: string }) => r.service_request_id);
      expect(recent).toContain(b);
      expect(recent).not.toContain(a);
      const then = new Date(Date.now() - 100 * 86_400_000);
      const from = new Date(then.getTime() - 86_400_000).toISOString();
      const to = new Date(then.getTime() + 86_400_000).toISOString();
      const old = (await get(`requests.json?start_date=${from}&end_date=${to}`)).json();
      expect(old.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([a]);
      expect(old[0].requested_datetime).toMatch(OFFSET);
      // start_date alone means the 90 days from then.
      const fromOnly = (await get(`requests.json?start_date=${from.slice(0, 10)}`)).json();
      expect(fromOnly.map((r: { service_request_id: string }) => r.service_request_id)).toContain(a);
    });

    it.each([
      [
        'start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z',
        'end_date: start_date 到 end_date 不能超过 90 天',
      ],
      ['start_date=yesterday', 'start_date: 应为 W3C 日期时间，如 2026-12-01T00:00:00+08:00'],
      ['end_date=2026-13-01T00:00:00', 'end_date: 应为 W3C 日期时间，如 2026-12-31T23:59:59+08:00'],
      ['start_date=2026-03-01T00:00:00Z&end_date=2026-02-01T00:00:00Z', 'end_date: end_date 不能早于 start_date'],
      ['status=pending', 'status: 应为 open、closed 或 open,closed'],
      ['service_code=pothole', 'service_code: 没有服务代码 pothole'],
      ['service_request_id=abc', 'service_request_id: 应为逗号分隔的请求编号（正整数），一次最多 100 个'],
    ])('answers 400 for %s, in both formats', async (query, description) => {
      const json = await get(`requests.json?${query}`);
      expect(json.statusCode).toBe(400);
      expectValid(georeport.errors, json.json());
      expect(json.json()).toEqual([{ code: 400, description }]);
      const xml = await get(`requests.xml?${query}`);
      expect(xml.statusCode).toBe(400);
      expect(parseGeoReportXml(xml.body)).toEqual({ root: 'errors', data: [{ code: '400', description }] });
    });

    it('answers 404 for an unknown request, token or jurisdiction', async () => {
      for (const url of [
        'requests/999999.json',
        'requests/abc.xml',
        'tokens/00000000-0000-0000-0000-000000000000.json',
      ]) {
        const answer = await get(url);
        expect(answer.statusCode).toBe(404);
        if (url.endsWith('.json')) expectValid(georeport.errors, answer.json());
        else expect(parseGeoReportXml(answer.body).root).toBe('errors');
      }
      const unknownPath = await get('requests/12/notes.json');
      expect(unknownPath.statusCode).toBe(404);
      expectValid(georeport.errors, unknownPath.json());
      const wrong = await get('services.json?jurisdiction_id=elsewhere');
      expect(wrong.statusCode).toBe(404);
      expect(wrong.json()[0].description).toContain('jurisdiction_id');
      expect((await get('services.json?jurisdiction_id=chuangcheng')).statusCode).toBe(200);
    });
  });

  it('is described in the OpenAPI docs, both formats, with the form-encoded POST', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json();
    for (const path of ['discovery', 'services', 'services/{code}', 'requests', 'requests/{id}', 'tokens/{token}']) {
      for (const format of ['json', 'xml']) {
        expect(Object.keys(spec.paths)).toContain(`/open311/v2/${path}.${format}`);
      }
    }
    const post = spec.paths['/open311/v2/requests.json'].post;
    expect(post.tags).toEqual(['open311']);
    const form = post.requestBody.content['application/x-www-form-urlencoded'].schema;
    expect(form.required).toEqual(['api_key', 'service_code']);
    expect(Object.keys(spec.paths['/open311/v2/requests.json'].get.responses)).toEqual(
      expect.arrayContaining(['200', '400', '404']),
    );
  });

  it('follows a request from discovery to closed: the client round trip', async () => {
    const discovery = (await get('discovery.json')).json();
    const endpoint = new URL(discovery.endpoints[0].url).pathname;
    expect(endpoint).toBe('/open311/v2');
    const services = (await get('services.json')).json() as { service_code: string }[];
    const code = services.find((s) => categoryOfSubcategory(s.service_code) === 'dirty')!.service_code;
    expect(code).toBe('garbage_overflow');
    expect((await get(`services/${code}.json`)).statusCode).toBe(200);

    const created = (await post(aRequest({ service_code: code }))).json()[0];
    const byToken = (await get(`tokens/${created.token}.json`)).json();
    expectValid(georeport.token, byToken);
    expect(byToken).toEqual([{ service_request_id: created.service_request_id, token: created.token }]);

    const opened = await both(`requests/${created.service_request_id}.{f}`);
    expectValid(georeport.serviceRequests, opened.json);
    const [open] = opened.json as Record<string, unknown>[];
    expect(open).toMatchObject({
      service_request_id: created.service_request_id,
      status: 'open',
      status_notes: null,
      service_code: 'garbage_overflow',
      service_name: '垃圾满溢、清运不及时',
      agency_responsible: '环卫中心',
      address: '幸福路12号小区北门',
    });
    expect(open!.expected_datetime).toMatch(OFFSET);
    expect(opened.xml).toEqual(asXmlStrings(opened.json));

    // Staff take it on, answer, resolve and close it.
    const id = Number(created.service_request_id);
    const cleaner = await staffSession(t, 'o311-cleaner', 'department_staff', await departmentId(t, 'sanitation'));
    const dispatcher = await staffSession(t, 'o311-closer', 'dispatcher', null);
    const act = async (who: Parts, action: string, note?: string) => {
      const answer = await t.app.inject({
        method: 'POST',
        url: `/api/v1/staff/submissions/${id}/actions`,
        payload: { action, ...(note ? { note } : {}) },
        ...who,
      });
      expect(answer.statusCode).toBe(200);
    };
    await act(cleaner, 'accept');
    const reply = await t.app.inject({
      method: 'POST',
      url: `/api/v1/staff/submissions/${id}/replies`,
      payload: { body: '已安排清运车辆，今天下班前完成' },
      ...cleaner,
    });
    expect(reply.statusCode).toBe(201);
    const replied = (await get(`requests/${id}.json`)).json()[0];
    expect(replied).toMatchObject({ status: 'open', status_notes: '已安排清运车辆，今天下班前完成' });
    // A reply is news to the client even though the report's own row did not change.
    const [{ at }] = await t.dataSource.query(
      `SELECT max(created_at) AS at FROM timeline_event WHERE submission_id = $1 AND visible_to_resident`,
      [id],
    );
    expect(new Date(replied.updated_datetime).getTime()).toBe(Math.floor(new Date(at).getTime() / 1000) * 1000);
    await act(cleaner, 'resolve', '垃圾已全部清运，垃圾桶已清洗');
    await act(dispatcher, 'close');

    const closed = await both(`requests/${id}.{f}`);
    expectValid(georeport.serviceRequests, closed.json);
    expect((closed.json as Record<string, unknown>[])[0]).toMatchObject({
      status: 'closed',
      status_notes: '垃圾已全部清运，垃圾桶已清洗',
    });
    expect(closed.xml).toEqual(asXmlStrings(closed.json));
    const list = (await get(`requests.json?status=closed&service_code=${code}`)).json();
    expect(list.map((r: { service_request_id: string }) => r.service_request_id)).toContain(String(id));
  });
});

describe('Open311 limits and failures', () => {
  let t: TestApp;
  const keys: string[] = [];
  beforeAll(async () => {
    // One report per address per minute on the web form; a classifier that always fails.
    t = await createTestApp(
      { OPEN311_RATE_LIMIT_MAX: '2', SUBMISSION_RATE_LIMIT_MAX: '1' },
      {
        classifier: {
          classify: () => {
            throw new Error('model file missing');
          },
        },
      },
    );
    const admin = await staffSession(t, 'limits-admin', 'admin', null);
    for (const name of ['甲客户端', '乙客户端']) {
      const issued = await t.app.inject({
        method: 'POST',
        url: '/api/v1/admin/open311-clients',
        payload: { name },
        ...admin,
      });
      keys.push(issued.json().apiKey);
    }
  });
  afterAll(() => t.close());

  const post = (apiKey: string) =>
    t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: FORM,
      payload: new URLSearchParams({
        api_key: apiKey,
        service_code: 'litter',
        address_string: '人民路',
        description: '路边有很多垃圾',
      }).toString(),
    });

  it('limits each client by its key, not by the address all its users share', async () => {
    expect((await post(keys[0]!)).statusCode).toBe(201);
    expect((await post(keys[0]!)).statusCode).toBe(201);
    const third = await post(keys[0]!);
    expect(third.statusCode).toBe(429);
    expectValid(georeport.errors, third.json());
    expect(third.json()[0].code).toBe(429);
    expect((await post(keys[1]!)).statusCode).toBe(201);
  });

  it("routes by the client's choice when the classifier fails, and says so to staff", async () => {
    const answer = await post(keys[1]!);
    expect(answer.statusCode).toBe(201);
    const [row] = await t.dataSource.query(
      `SELECT s.subcategory, s.needs_review, s.classification, d.code FROM submission s
         JOIN department d ON d.id = s.department_id WHERE s.id = $1`,
      [Number(answer.json()[0].service_request_id)],
    );
    expect(row).toMatchObject({ subcategory: 'litter', needs_review: false, code: 'sanitation' });
    expect(row.classification.failure).toBe('classification failed: model file missing');
  });

  it('files nothing for a key revoked while its request was on the way', async () => {
    const [client] = await t.dataSource.query(`SELECT * FROM open311_client WHERE name = '甲客户端'`);
    await t.dataSource.query('UPDATE open311_client SET revoked_at = now() WHERE id = $1', [client.id]);
    const before = await t.dataSource.query('SELECT count(*)::int AS n FROM submission');
    // The request authenticated before the revocation: the service is handed the client as it was.
    await expect(
      fileOpen311Request(
        { dataSource: t.dataSource, classify: () => ({ ...unclassified() }), now: () => new Date() },
        { id: client.id, name: client.name } as Open311Client,
        { serviceCode: 'litter', address: '人民路', attributes: {} },
        (code) => code,
      ),
    ).rejects.toThrow(Forbidden);
    expect(await t.dataSource.query('SELECT count(*)::int AS n FROM submission')).toEqual(before);
  });
});
