import { Department } from '../../src/db/entities';
import { TestApp, aSubmission } from './test-app';

export interface FiledReport {
  readonly id: number;
  readonly trackingCode: string;
  readonly department: string;
}

/** Files a report through the public API, as a resident would, and returns its database id too. */
export async function fileReport(
  t: TestApp,
  content: string,
  fields: Record<string, unknown> = {},
): Promise<FiledReport> {
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/submissions',
    payload: aSubmission({ content, ...fields }),
  });
  if (created.statusCode !== 201) throw new Error(`filing failed: ${created.statusCode} ${created.body}`);
  const trackingCode = created.json().trackingCode as string;
  const [row] = await t.dataSource.query('SELECT id FROM submission WHERE tracking_code = $1', [trackingCode]);
  return { id: row.id as number, trackingCode, department: created.json().department.code as string };
}

/** Pretends the resident wrote from WeChat, so their updates go to the outbox. */
export async function reachableOnWechat(t: TestApp, id: number, contact: string): Promise<void> {
  await t.dataSource.query(`UPDATE submission SET channel = 'wechat', submitter_channel_id = $2 WHERE id = $1`, [
    id,
    contact,
  ]);
}

export async function departmentId(t: TestApp, code: string): Promise<number> {
  return (await t.dataSource.getRepository(Department).findOneByOrFail({ code })).id;
}
