import ExcelJS from 'exceljs';
import { departmentId, fileReport } from '../support/reports';
import { staffSession } from '../support/staff-session';
import { TestApp, createTestApp } from '../support/test-app';

/** Splits a CSV body the way a spreadsheet would (quoted fields may hold commas and line breaks). */
function parseCsv(body: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < body.length; i += 1) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && body[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else field += c;
  }
  return rows;
}

describe('CSV exports for 通报', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);

  it('exports the queue in Excel-ready CSV, scoped, phones masked, formulas defused', async () => {
    const sanitation = await departmentId(t, 'sanitation');
    await fileReport(t, '=HYPERLINK("http://evil") 小区门口垃圾桶满了，三天没人清运\n味道很大', {
      contact: { phone: '13912345678' },
      location: { address: '幸福路 8 号, 北门' },
    });
    await fileReport(t, '人民路有游商摊贩占道经营');
    const cleaner = await staffSession(t, 'export-cleaner', 'department_staff', sanitation);
    const answer = await t.app.inject({ method: 'GET', url: '/api/v1/staff/submissions/export', ...cleaner });
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(answer.headers['content-disposition']).toContain("filename*=UTF-8''");
    expect(answer.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = parseCsv(answer.body.slice(1));
    expect(rows[0]).toEqual([
      '查询编号',
      '状态',
      '分类',
      '小类',
      '承办单位',
      '来源',
      '提交时间',
      '受理期限',
      '办结期限',
      '是否逾期',
      '地址',
      '联系电话',
      '反映内容',
    ]);
    // Only the department's own report; the vendor report went to urban management.
    expect(rows).toHaveLength(2);
    const [row] = rows.slice(1);
    expect(row![4]).toBe('环卫中心');
    expect(row![10]).toBe('幸福路 8 号, 北门');
    expect(row![11]).toBe('139****5678');
    expect(row![12]).toBe('\'=HYPERLINK("http://evil") 小区门口垃圾桶满了，三天没人清运\n味道很大');
    expect(answer.body).not.toContain('13912345678');
    expect(answer.headers['x-total-count']).toBe('1');
  });

  it('exports the department ranking and each grouped table', async () => {
    const dispatcher = await staffSession(t, 'export-dispatcher', 'dispatcher', null);
    const ranking = await t.app.inject({
      method: 'GET',
      url: `/api/v1/staff/statistics/export?from=${today}&to=${today}`,
      ...dispatcher,
    });
    expect(ranking.statusCode).toBe(200);
    const rows = parseCsv(ranking.body.slice(1));
    expect(rows[0]).toEqual(['排名', '承办单位', '收到', '已办结', '按时办结', '按时办结率', '逾期', '平均评分']);
    expect(
      rows
        .slice(1)
        .map((r) => r[1])
        .sort(),
    ).toEqual(['城市管理综合执法局', '环卫中心']);
    const byCategory = await t.app.inject({
      method: 'GET',
      url: `/api/v1/staff/statistics/export?from=${today}&to=${today}&table=category`,
      ...dispatcher,
    });
    expect(parseCsv(byCategory.body.slice(1))).toEqual([
      ['分类', '数量'],
      ['治脏', '1'],
      ['治乱', '1'],
    ]);
    const bad = await t.app.inject({
      method: 'GET',
      url: `/api/v1/staff/statistics/export?from=${today}&to=${today}&table=secrets`,
      ...dispatcher,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toBe('table');
  });

  it('writes the same tables as Excel workbooks', async () => {
    const dispatcher = await staffSession(t, 'export-dispatcher-xlsx', 'dispatcher', null);
    const answer = await t.app.inject({
      method: 'GET',
      url: `/api/v1/staff/statistics/export?from=${today}&to=${today}&table=category&format=xlsx`,
      ...dispatcher,
    });
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(answer.headers['content-disposition']).toContain('.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(answer.rawPayload as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('按分类');
    expect(sheet.getRow(1).values).toEqual([undefined, '分类', '数量']);
    expect(sheet.getRow(2).values).toEqual([undefined, '治脏', 1]);

    const queue = await t.app.inject({
      method: 'GET',
      url: '/api/v1/staff/submissions/export?format=xlsx',
      ...dispatcher,
    });
    const queueBook = new ExcelJS.Workbook();
    await queueBook.xlsx.load(queue.rawPayload as unknown as ExcelJS.Buffer);
    const rows = queueBook.worksheets[0]!.getSheetValues().filter(Boolean) as unknown[][];
    expect(rows[0]).toContain('反映内容');
    expect(rows).toHaveLength(3);
    // Text stays text: a formula-looking report is not a formula in the workbook.
    const cells = rows.flat().filter((v) => typeof v === 'object' && v !== null);
    expect(cells).toEqual([]);
    expect(rows.flat()).toContain('139****5678');
    expect(rows.flat()).not.toContain('13912345678');
  });
});
