import { performAction } from '../../src/services/perform-action';
import { TestApp, createTestApp } from '../support/test-app';

const department = { role: 'department' as const, type: 'staff' as const, label: '环卫中心', staffId: null };

describe('resident pages without JavaScript: the form posts, the tracking page renders on the server', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ SMS_GATEWAY_URL: 'http://127.0.0.1:9/sms' });
  });
  afterAll(() => t.close());

  const postForm = (fields: Record<string, string>, url = '/') =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(fields).toString(),
    });

  it('serves the form in Chinese with the four categories, and in English on request', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('<html lang="zh-CN">');
    for (const text of ['创城信箱', '脏', '乱', '差', '粗', 'name="content"', 'name="consent"', '短信通知我']) {
      expect(page.body).toContain(text);
    }
    expect(page.body).toMatch(/<script type="module" src="\/assets\/form.js">/);
    const english = await t.app.inject({ method: 'GET', url: '/?lang=en' });
    expect(english.body).toContain('<html lang="en">');
    expect(english.body).toContain('What is the problem?');
    const css = await t.app.inject({ method: 'GET', url: '/assets/resident.css' });
    expect(css.statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/assets/form.js' })).headers['content-type']).toContain(
      'javascript',
    );
  });

  it('files a report from the plain form and shows the code, category, department and deadline', async () => {
    const sent = await postForm({
      content: '幸福路菜市场北门的垃圾桶满了三天没人清运',
      address: '幸福路 8 号菜市场北门',
      name: '',
      phone: '138 0013 8000',
      notifyBySms: 'yes',
      consent: 'yes',
    });
    expect(sent.statusCode).toBe(303);
    const location = sent.headers.location as string;
    expect(location).toMatch(/^\/track\/[0-9A-Z]{5}-[0-9A-Z]{5}\?new=1$/);
    const page = await t.app.inject({ method: 'GET', url: location });
    expect(page.statusCode).toBe(200);
    const code = location.slice(7, 18);
    expect(page.body).toMatch(new RegExp(`<p class="big-code" id="tracking-code">\\s*${code}\\s*</p>`));
    expect(page.body).toContain('环卫中心');
    expect(page.body).toContain('垃圾满溢');
    expect(page.body).toMatch(/整改期限：\d{4}年\d{1,2}月\d{1,2}日/);
    // Public page: the phone number and the address the resident typed are not on it.
    expect(page.body).not.toContain('13800138000');
    expect(page.body).not.toContain('8 号菜市场北门');
  });

  it('shows the problems next to what the resident typed, escaped, and keeps their text', async () => {
    const noConsent = await postForm({ content: '楼道里堆满杂物 <script>alert(1)</script>' });
    expect(noConsent.statusCode).toBe(400);
    expect(noConsent.body).toContain('请勾选同意');
    expect(noConsent.body).toMatch(/>\s*楼道里堆满杂物 &lt;script&gt;alert\(1\)&lt;\/script&gt;<\/textarea>/);
    expect(noConsent.body).not.toContain('<script>alert(1)</script>');

    const badPhone = await postForm({ content: '楼道里堆满杂物', phone: '12345', consent: 'yes' });
    expect(badPhone.statusCode).toBe(400);
    expect(badPhone.body).toContain('手机号格式不正确');
    expect(badPhone.body).toMatch(/id="phone"\s+name="phone"[^>]*value="12345"\s+aria-invalid="true"/);

    const empty = await postForm({ content: ' ', consent: 'yes' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('反映内容');
  });

  it('looks a code up, follows the report and takes a rating without JavaScript', async () => {
    const sent = await postForm({ content: '小区门口垃圾桶满了没人清运', consent: 'yes' });
    const code = (sent.headers.location as string).slice(7, 18);

    const lookup = await t.app.inject({ method: 'GET', url: `/track?code=${code.toLowerCase().replace('-', '')}` });
    expect(lookup.statusCode).toBe(303);
    expect(lookup.headers.location).toBe(`/track/${code}`);
    const badCode = await t.app.inject({ method: 'GET', url: '/track?code=%3Cb%3E' });
    expect(badCode.statusCode).toBe(400);
    expect(badCode.body).toContain('&lt;b&gt;');
    const unknown = await t.app.inject({ method: 'GET', url: '/track/AAAAA-AAAAA' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('没有找到');

    const [{ id }] = await t.dataSource.query('SELECT id FROM submission WHERE tracking_code = $1', [code]);
    await performAction(
      { dataSource: t.dataSource, now: () => new Date() },
      { submissionId: id, action: 'accept', actor: department },
    );
    await performAction(
      { dataSource: t.dataSource, now: () => new Date() },
      { submissionId: id, action: 'resolve', actor: department, note: '已清运' },
    );
    const resolved = await t.app.inject({ method: 'GET', url: `/track/${code}` });
    expect(resolved.body).toContain('已整改，待评价');
    expect(resolved.body).toContain('id="rate-form"');

    const noStars = await postForm({ fixed: 'yes' }, `/track/${code}/feedback`);
    expect(noStars.statusCode).toBe(400);
    expect(noStars.body).toContain('星');
    // A code written loosely (lower case, no dash) still lands on the report's own address.
    const loose = `${code.toLowerCase().replace('-', '')}`;
    const rated = await postForm({ rating: '1', fixed: 'no', comment: '还是很脏' }, `/track/${loose}/feedback`);
    expect(rated.statusCode).toBe(303);
    expect(rated.headers.location).toBe(`/track/${code}`);
    const after = await t.app.inject({ method: 'GET', url: `/track/${code}` });
    expect(after.body).toContain('群众不满意，重新办理');
    expect(after.body).not.toContain('id="rate-form"');
    expect(after.body).not.toContain('还是很脏');

    const live = await t.app.inject({ method: 'GET', url: `/track/${code}/live` });
    expect(live.statusCode).toBe(200);
    expect(live.body).toContain('status-card');
    expect(live.body).not.toContain('<html');
  });
});
