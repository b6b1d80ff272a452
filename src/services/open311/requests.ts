import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Open311Client } from '../../db/entities';
import { w3cChinaTime } from '../../domain/china-time';
import { SUBMISSION_STATUSES, SubmissionStatus } from '../../domain/lifecycle/status';
import { findService, serviceDefinition } from '../../domain/open311/services';
import { Open311Status, open311Status, statusesFor } from '../../domain/open311/status';
import { redactPersonalData } from '../../domain/personal-data';
import { subcategoryName } from '../../domain/taxonomy';
import type { Classification } from '../../domain/classification/types';
import { submitReport } from '../submit-report';

/** A service request as GeoReport v2 shows it to anyone: no name, phone, email or tracking code. */
export interface Open311RequestView {
  readonly service_request_id: string;
  readonly status: Open311Status;
  readonly status_notes: string | null;
  readonly service_name: string;
  readonly service_code: string;
  readonly description: string;
  readonly agency_responsible: string;
  readonly service_notice: string | null;
  readonly requested_datetime: string;
  readonly updated_datetime: string;
  readonly expected_datetime: string | null;
  readonly address: string | null;
  readonly address_id: string | null;
  readonly zipcode: string | null;
  readonly lat: number | null;
  readonly long: number | null;
  readonly media_url: string | null;
}

/** What a client sent, already checked against the service definition (see http/open311-form.ts). */
export interface Open311NewRequest {
  readonly serviceCode: string;
  readonly description?: string;
  readonly lat?: number;
  readonly lng?: number;
  readonly address?: string;
  readonly attributes: Record<string, string | string[]>;
  readonly name?: string;
  readonly phone?: string;
  readonly email?: string;
  readonly mediaUrl?: string;
  readonly accountId?: string;
  readonly deviceId?: string;
}

export interface Open311Deps {
  readonly dataSource: DataSource;
  readonly classify: (text: string) => Classification;
  readonly now: () => Date;
  readonly acceptWithinHours?: number;
}

export interface Open311Created {
  readonly service_request_id: string;
  readonly token: string;
  readonly service_notice: string;
  readonly account_id: string | null;
}

/**
 * Files a client's request through the same intake as the web form (classification, routing,
 * timeline, updates), with the client's service as the chosen subcategory.
 */
export async function fileOpen311Request(
  deps: Open311Deps,
  client: Open311Client,
  request: Open311NewRequest,
  trackUrl: (trackingCode: string) => string,
): Promise<Open311Created> {
  const service = findService(request.serviceCode)!;
  const token = randomUUID();
  const result = await submitReport(
    { dataSource: deps.dataSource, classify: deps.classify, now: deps.now, acceptWithinHours: deps.acceptWithinHours },
    {
      // The spec makes the text optional; the report still needs words a person can read.
      content: request.description ?? `${service.service_name}（Open311 客户端未附文字描述）`,
      channel: 'open311',
      location:
        request.lat !== undefined || request.address !== undefined
          ? { address: request.address, lat: request.lat, lng: request.lng }
          : undefined,
      contact: request.name || request.phone ? { name: request.name, phone: request.phone } : undefined,
      requestedSubcategory: request.serviceCode,
      open311: {
        client: { id: client.id, name: client.name },
        token,
        attributes: request.attributes,
        attributeLines: describeAttributes(request.serviceCode, request.attributes),
        mediaUrl: request.mediaUrl,
        email: request.email,
        accountId: request.accountId,
        deviceId: request.deviceId,
      },
    },
  );
  const { submission, department } = result;
  return {
    service_request_id: String(submission.id),
    token,
    service_notice:
      `已收到，查询编号 ${submission.trackingCode}（凭编号可查看进度并评价：${trackUrl(submission.trackingCode)}）。` +
      `承办单位：${department.name}，整改期限：${w3cChinaTime(submission.resolveDeadline).slice(0, 16).replace('T', ' ')}。`,
    account_id: request.accountId ?? null,
  };
}

/** Attribute answers in words, for the staff timeline. */
function describeAttributes(serviceCode: string, answers: Record<string, string | string[]>): string[] {
  const definition = serviceDefinition(serviceCode);
  return Object.entries(answers).map(([code, answer]) => {
    const attribute = definition?.attributes.find((a) => a.code === code);
    const values = (Array.isArray(answer) ? answer : [answer]).map(
      (value) => attribute?.values?.find((v) => v.key === value)?.name ?? value,
    );
    return `${attribute?.description ?? code}：${values.join('、')}`;
  });
}

export interface Open311Query {
  readonly ids?: readonly number[];
  readonly serviceCodes?: readonly string[];
  readonly from: Date;
  readonly to: Date;
  readonly statuses?: readonly Open311Status[];
}

/** The spec's cap on one answer; clients narrow the dates to see more. */
export const MAX_REQUESTS = 1000;

interface Row {
  id: number;
  channel: string;
  status: SubmissionStatus;
  merged_status: SubmissionStatus | null;
  subcategory: string;
  content: string;
  created_at: Date;
  updated_at: Date;
  resolve_deadline: Date;
  address: string | null;
  lat: number | null;
  lng: number | null;
  agency: string;
  status_notes: string | null;
  photo_id: number | null;
}

// A "me too" report merged into another follows that one's status, notes and photos.
const EFFECTIVE_STATUS = `CASE WHEN s.status = 'duplicate' AND m.id IS NOT NULL THEN m.status ELSE s.status END`;
const SELECT = `
  SELECT s.id, s.channel, s.status, m.status AS merged_status, s.subcategory, s.content, s.created_at,
         GREATEST(s.updated_at, m.updated_at, seen.at) AS updated_at,
         s.resolve_deadline, s.address, s.lat, s.lng, d.name AS agency,
         (SELECT t.note FROM timeline_event t
           WHERE t.submission_id = COALESCE(m.id, s.id) AND t.visible_to_resident AND t.actor_type = 'staff'
             AND coalesce(t.note, '') <> ''
           ORDER BY t.created_at DESC, t.id DESC LIMIT 1) AS status_notes,
         (SELECT a.id FROM attachment a
           WHERE a.submission_id = COALESCE(m.id, s.id) AND a.kind IN ('before_photo', 'after_photo')
           ORDER BY a.id LIMIT 1) AS photo_id
    FROM submission s
    JOIN department d ON d.id = s.department_id
    LEFT JOIN submission m ON m.id = s.merged_into_id AND s.status = 'duplicate'
    -- A public reply changes what a client sees without touching the report's own row.
    LEFT JOIN LATERAL (
      SELECT max(t.created_at) AS at FROM timeline_event t
       WHERE t.submission_id = COALESCE(m.id, s.id) AND t.visible_to_resident
    ) seen ON true`;

/**
 * GET requests: by id list (every other filter ignored, as the spec says), or by service, date
 * range and status; newest first, at most MAX_REQUESTS.
 */
export async function findOpen311Requests(
  dataSource: DataSource,
  query: Open311Query,
  mediaUrl: (photoId: number) => string,
): Promise<Open311RequestView[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (query.ids) {
    where.push(`s.id = ANY(${param(query.ids)})`);
  } else {
    // What a resident withdrew is no longer anyone's business; asked for by id, it shows as closed.
    where.push(`s.status <> 'withdrawn'`);
    where.push(`s.created_at >= ${param(query.from)}`, `s.created_at < ${param(query.to)}`);
    if (query.serviceCodes?.length) where.push(`s.subcategory = ANY(${param(query.serviceCodes)})`);
    if (query.statuses?.length) {
      const ours = query.statuses.flatMap((status) => statusesFor(status, SUBMISSION_STATUSES));
      where.push(`${EFFECTIVE_STATUS} = ANY(${param(ours)})`);
    }
  }
  const rows: Row[] = await dataSource.query(
    `${SELECT} WHERE ${where.join(' AND ')} ORDER BY s.created_at DESC, s.id DESC LIMIT ${MAX_REQUESTS}`,
    params,
  );
  return rows.map((row) => requestView(row, mediaUrl));
}

export async function findOpen311Request(
  dataSource: DataSource,
  id: number,
  mediaUrl: (photoId: number) => string,
): Promise<Open311RequestView | undefined> {
  const [row]: Row[] = await dataSource.query(`${SELECT} WHERE s.id = $1`, [id]);
  return row ? requestView(row, mediaUrl) : undefined;
}

/** tokens/{token}: the request a POST's token stands for. */
export async function findByToken(
  dataSource: DataSource,
  token: string,
): Promise<{ service_request_id: string; token: string } | undefined> {
  const [row]: { submission_id: number }[] = await dataSource.query(
    'SELECT submission_id FROM open311_request WHERE token = $1',
    [token],
  );
  return row ? { service_request_id: String(row.submission_id), token } : undefined;
}

/** A department's before/after photo, public for any report not withdrawn by its resident. */
export async function open311Photo(
  dataSource: DataSource,
  id: number,
): Promise<{ storageKey: string; thumbnailKey: string | null; mimeType: string } | undefined> {
  const [row] = await dataSource.query(
    `SELECT a.storage_key AS "storageKey", a.thumbnail_key AS "thumbnailKey", a.mime_type AS "mimeType"
       FROM attachment a JOIN submission s ON s.id = a.submission_id
      WHERE a.id = $1 AND a.kind IN ('before_photo', 'after_photo') AND s.status <> 'withdrawn'`,
    [id],
  );
  return row;
}

const CHANNEL_NAMES: Readonly<Record<string, string>> = { web: '网页', wechat: '微信', api: '接口' };

/** About 100 m: enough to find the place, too coarse to point at a home a photo was taken in. */
function coarse(degrees: number | null): number | null {
  return degrees === null ? null : Math.round(degrees * 1000) / 1000;
}

/**
 * Reports filed over Open311 are public by that standard's convention, so their text (with
 * personal data masked), address and position are shown. Residents who wrote on the web or in
 * WeChat were promised no such thing: their words and address stay private, their position is
 * coarsened. A withdrawn report shows nothing of what was in it.
 */
function requestView(row: Row, mediaUrl: (photoId: number) => string): Open311RequestView {
  const effective = row.status === 'duplicate' && row.merged_status ? row.merged_status : row.status;
  const withdrawn = row.status === 'withdrawn';
  const viaOpen311 = row.channel === 'open311';
  const service = subcategoryName(row.subcategory);
  const description = withdrawn
    ? `${service}（反映人已撤回）`
    : viaOpen311
      ? redactPersonalData(row.content)
      : `${service}（经${CHANNEL_NAMES[row.channel] ?? row.channel}反映，原文不公开）`;
  return {
    service_request_id: String(row.id),
    status: open311Status(effective),
    status_notes: row.status_notes ? redactPersonalData(row.status_notes) : null,
    service_name: service,
    service_code: row.subcategory,
    description,
    agency_responsible: row.agency,
    service_notice: null,
    requested_datetime: w3cChinaTime(new Date(row.created_at)),
    updated_datetime: w3cChinaTime(new Date(row.updated_at)),
    expected_datetime: w3cChinaTime(new Date(row.resolve_deadline)),
    address: !withdrawn && viaOpen311 && row.address ? redactPersonalData(row.address) : null,
    address_id: null,
    zipcode: null,
    lat: withdrawn ? null : viaOpen311 ? row.lat : coarse(row.lat),
    long: withdrawn ? null : viaOpen311 ? row.lng : coarse(row.lng),
    // Only the department's own photos: a client's media_url is usually the resident's picture.
    media_url: !withdrawn && row.photo_id !== null ? mediaUrl(row.photo_id) : null,
  };
}
