import { createHash } from 'node:crypto';
import { DataSource, EntityManager, In, IsNull, QueryFailedError } from 'typeorm';
import { Attachment, Department, Open311Client, Open311Request, Submission } from '../db/entities';
import type { SubmissionChannel } from '../domain/channels';
import type { ClassificationRecord } from '../domain/classification/record';
import { unclassified } from '../domain/classification/classifier';
import type { Classification } from '../domain/classification/types';
import { computeDeadlines } from '../domain/lifecycle/deadlines';
import { OPEN_STATUSES } from '../domain/lifecycle/status';
import type { RoutingDecision } from '../domain/routing/route';
import { CategoryCode, categoryInfo, categoryOfSubcategory, isCategoryCode, subcategoryName } from '../domain/taxonomy';
import { generateTrackingCode } from '../domain/tracking-code';
import { Forbidden, IdempotencyKeyReused, ValidationFailed } from '../errors';
import { ResidentColumns, insertReport } from './insert-report';
import { dispatchOffice, routeReport } from './route-report';
import { SYSTEM_ACTOR, TimelineEntry, TimelineWriter, TimelineWriterOptions } from './timeline-writer';

export interface SubmitInput {
  readonly content: string;
  readonly channel: SubmissionChannel;
  readonly location?: { address?: string; lat?: number; lng?: number };
  readonly contact?: { name?: string; phone?: string };
  readonly anonymous?: boolean;
  /** Send each update by SMS to the contact phone. */
  readonly notifyBySms?: boolean;
  readonly submitterChannelId?: string;
  /** A handle for the submitter that survives a change of their channel id. */
  readonly submitterHandle?: string;
  readonly idempotencyKey?: string;
  /** Upload tokens of the resident's photos (POST /api/v1/photos), attached to this report. */
  readonly photoIds?: readonly string[];
  /**
   * "Me too" (我也遇到): the open report (from "already reported?") this one is the same problem
   * as. The report is kept and merged into that one at once; its resident follows it.
   */
  readonly followsId?: number;
  /**
   * The subcategory the sender chose (an Open311 client's service_code). It is kept, and the
   * classifier cross-checks it: when it confidently disagrees, a dispatcher decides.
   */
  readonly requestedSubcategory?: string;
  /** What an Open311 client sent besides the report, stored in the same transaction. */
  readonly open311?: Open311Details;
}

export interface Open311Details {
  readonly client: Pick<Open311Client, 'id' | 'name'>;
  readonly token: string;
  readonly attributes: Record<string, string | string[]>;
  /** Attribute values as staff read them, e.g. "问题是否在居民小区（院落）内：是". */
  readonly attributeLines: readonly string[];
  readonly mediaUrl?: string;
  readonly email?: string;
  readonly accountId?: string;
  readonly deviceId?: string;
}

export interface SubmitResult {
  readonly submission: Submission;
  readonly department: Department;
  /** True when an earlier request with the same idempotency key already created it. */
  readonly replayed: boolean;
}

export interface SubmitDeps {
  readonly dataSource: DataSource;
  readonly classify: (text: string) => Classification;
  readonly now: () => Date;
  /** Working hours to accept; a working day when not given. */
  readonly acceptWithinHours?: number;
  /** Whether an SMS gateway is configured, so residents may ask for SMS updates. */
  readonly smsAvailable?: boolean;
  /** Reports one number may ask SMS updates for within 24 hours. */
  readonly smsReportsPerNumberPerDay?: number;
}

const UNIQUE_VIOLATION = '23505';

/**
 * Takes a resident's report in: classify, route, store with its timeline and the updates owed to
 * the resident, all in one transaction. Classification or routing can fail without losing the
 * report: it then goes to the dispatch office, flagged for a person to look at.
 */
export async function submitReport(deps: SubmitDeps, input: SubmitInput): Promise<SubmitResult> {
  if (input.anonymous && input.contact && (input.contact.name || input.contact.phone)) {
    throw new ValidationFailed([
      { field: 'contact', rule: 'anonymous', message: '选择匿名反映时请不要填写姓名和手机号' },
    ]);
  }
  if (input.notifyBySms && !deps.smsAvailable) {
    throw new ValidationFailed([
      { field: 'notifyBySms', rule: 'unavailable', message: '本站暂未开通短信通知，请用编号查询进度' },
    ]);
  }
  if (input.notifyBySms && !input.contact?.phone) {
    throw new ValidationFailed([
      { field: 'contact.phone', rule: 'requiredForSms', message: '需要短信通知时请填写手机号' },
    ]);
  }
  const requestHash = input.idempotencyKey ? hashRequest(input) : null;
  // A replay is rare, so a key is not looked up before its report is stored: the key's unique
  // index makes a replay's insert fail, and that is answered below with the report stored first.
  // Looking up every key first (a round trip, and a TypeORM query with a join) cost the WeChat
  // bot's reports about a quarter of the intake throughput in `npm run bench`. Only the SMS
  // allowance must see a replay first: it would count the report being replayed.
  if (input.idempotencyKey && input.notifyBySms) {
    const earlier = await findByIdempotencyKey(deps.dataSource.manager, input.idempotencyKey, requestHash);
    if (earlier) return earlier;
  }
  if (input.notifyBySms && input.contact?.phone) await checkSmsAllowance(deps, input.contact.phone);

  const decision = input.followsId === undefined ? await decide(deps, input) : undefined;
  // Photos and an Open311 request are stored beside the report, so they need a transaction; a
  // plain report is one statement.
  const alone = decision && !input.photoIds?.length && !input.open311;
  for (let attempt = 1; ; attempt += 1) {
    try {
      if (alone) return await store(deps.dataSource, deps.acceptWithinHours, deps.now(), input, decision, requestHash);
      return await deps.dataSource.transaction((manager) =>
        decision
          ? storeWithExtras(manager, deps.acceptWithinHours, deps.now(), input, decision, requestHash)
          : storeFollower(manager, deps.now(), input, input.followsId!, requestHash),
      );
    } catch (error) {
      // The same request sent twice at once: the other one claimed the photos first and committed.
      if (error instanceof ValidationFailed && input.idempotencyKey) {
        const earlier = await findByIdempotencyKey(deps.dataSource.manager, input.idempotencyKey, requestHash);
        if (earlier) return earlier;
      }
      if (!isUniqueViolation(error)) throw error;
      // Two identical requests raced: the other one committed first, so answer with its report.
      if (input.idempotencyKey && constraintOf(error) === 'submission_idempotency_key_key') {
        const earlier = await findByIdempotencyKey(deps.dataSource.manager, input.idempotencyKey, requestHash);
        if (earlier) return earlier;
      }
      // A tracking code collision is astronomically rare; a fresh code fixes it.
      if (attempt >= 3) throw error;
    }
  }
}

/** Numbers are not verified: a cap keeps anyone from making the portal text a stranger all day. */
async function checkSmsAllowance(deps: SubmitDeps, phone: string): Promise<void> {
  const cap = deps.smsReportsPerNumberPerDay ?? 5;
  const since = new Date(deps.now().getTime() - 24 * 3600 * 1000);
  const [{ count }]: { count: number }[] = await deps.dataSource.query(
    `SELECT count(*)::int AS count FROM submission WHERE contact_phone = $1 AND notify_sms AND created_at > $2`,
    [phone, since],
  );
  if (count >= cap) {
    throw new ValidationFailed([
      {
        field: 'notifyBySms',
        rule: 'dailyLimit',
        message: `这个手机号 24 小时内已为 ${cap} 条反映订阅短信通知，本条请用查询编号查看进度`,
      },
    ]);
  }
}

interface Decision {
  classification: Classification;
  failure?: string;
  routing: RoutingDecision;
  department: Department;
  requested?: RequestedCheck;
}

async function decide(deps: SubmitDeps, input: SubmitInput): Promise<Decision> {
  const parked = async (classification: Classification, failure: string): Promise<Decision> => ({
    classification: { ...classification, needsReview: true },
    failure,
    routing: {
      kind: 'dispatch',
      reason: 'needs_review',
      resolveWithinHours: categoryInfo(classification.category).defaultResolveHours,
    },
    department: await dispatchOffice(deps.dataSource),
  });

  let classification: Classification;
  let failure: string | undefined;
  try {
    classification = deps.classify(input.content);
    assertUsable(classification);
  } catch (error) {
    failure = `classification failed: ${describe(error)}`;
    // The sender's own choice still routes the report when the classifier cannot; staff see why.
    if (!input.requestedSubcategory) return parked(unclassified(), failure);
    classification = unclassified();
  }
  let requested: RequestedCheck | undefined;
  if (input.requestedSubcategory) {
    requested = crossCheck(classification, input.requestedSubcategory);
    classification = requested.classification;
  }
  try {
    const routed = await routeReport(deps.dataSource, classification, {
      text: input.content,
      address: input.location?.address ?? null,
    });
    return {
      classification,
      routing: routed.decision,
      department: routed.department,
      requested,
      ...(failure ? { failure } : {}),
    };
  } catch (error) {
    return { ...(await parked(classification, `routing failed: ${describe(error)}`)), requested };
  }
}

interface RequestedCheck {
  readonly classification: Classification;
  readonly record: NonNullable<ClassificationRecord['requested']>;
}

/**
 * A person chose the subcategory; the classifier read the text. When both name the same category
 * the choice stands. When the classifier is sure of another category, the report keeps the
 * choice but goes to a dispatcher, who sees both; when it is unsure, the person's choice wins.
 */
export function crossCheck(classified: Classification, subcategory: string): RequestedCheck {
  const category = categoryOfSubcategory(subcategory);
  if (!category) throw new Error(`unknown subcategory ${subcategory}`);
  const agrees = classified.category === category;
  const disputed = !agrees && !classified.needsReview;
  const score = classified.ranking.find((r) => r.category === category)?.score;
  return {
    classification: {
      ...classified,
      category,
      subcategory,
      confidence: agrees ? classified.confidence : (score ?? 0),
      needsReview: disputed,
    },
    record: {
      category,
      subcategory,
      agrees,
      classifier: {
        category: classified.category,
        subcategory: classified.subcategory,
        confidence: classified.confidence,
      },
    },
  };
}

/** A classifier is replaceable code; what it answers must still fit the taxonomy and the columns. */
function assertUsable(c: Classification): void {
  if (!isCategoryCode(c.category) || categoryOfSubcategory(c.subcategory) !== c.category) {
    throw new Error(`unknown category/subcategory ${String(c.category)}/${String(c.subcategory)}`);
  }
  if (!(c.confidence >= 0 && c.confidence <= 1)) throw new Error(`confidence ${c.confidence} is outside 0..1`);
}

/** A report with photos or from an Open311 client: those are stored with it, or nothing is. */
async function storeWithExtras(
  manager: EntityManager,
  acceptWithinHours: number | undefined,
  receivedAt: Date,
  input: SubmitInput,
  decision: Decision,
  requestHash: string | null,
): Promise<SubmitResult> {
  const photos = await lockUploads(manager, input.photoIds ?? []);
  const result = await store(manager, acceptWithinHours, receivedAt, input, decision, requestHash, photos);
  await attachPhotos(manager, photos, result.submission.id);
  if (input.open311) await storeOpen311(manager, result.submission.id, input);
  return result;
}

async function store(
  on: DataSource | EntityManager,
  acceptWithinHours: number | undefined,
  receivedAt: Date,
  input: SubmitInput,
  decision: Decision,
  requestHash: string | null,
  photos: readonly Attachment[] = [],
): Promise<SubmitResult> {
  const { classification, department } = decision;
  const deadlines = computeDeadlines(receivedAt, decision.routing.resolveWithinHours, acceptWithinHours);
  const record: ClassificationRecord = {
    signals: classification.signals,
    ranking: classification.ranking,
    routing: { ...decision.routing },
    ...(decision.failure ? { failure: decision.failure } : {}),
    ...(decision.requested ? { requested: decision.requested.record } : {}),
  };
  const routedToDepartment = decision.routing.kind === 'rule';
  const entries: TimelineEntry[] = [
    { kind: 'status', from: null, to: 'submitted', note: '您的反映已收到，我们会尽快处理。', visible: true },
    { kind: 'internal', type: 'classification', note: describeClassification(decision) },
  ];
  if (input.open311) entries.push({ kind: 'internal', type: 'note', note: open311Note(input) });
  if (routedToDepartment) {
    entries.push({
      kind: 'status',
      from: 'submitted',
      to: 'assigned',
      note: `已分派至${department.name}办理。`,
      visible: true,
    });
  }
  const submission = await insertReport(
    on,
    {
      trackingCode: generateTrackingCode(),
      content: input.content,
      channel: input.channel,
      category: classification.category,
      subcategory: classification.subcategory,
      confidence: classification.confidence,
      needsReview: classification.needsReview,
      classification: record,
      departmentId: department.id,
      status: routedToDepartment ? 'assigned' : 'submitted',
      acceptDeadline: deadlines.acceptBy,
      resolveDeadline: deadlines.resolveBy,
      ...residentFields(input, positionOf(input, photos), requestHash, receivedAt),
    },
    entries,
    { actor: SYSTEM_ACTOR, ...firstUpdates(input) },
  );
  return { submission, department, replayed: false };
}

/**
 * 我也遇到: the resident's report of a problem someone already reported. It is stored whole (what
 * they wrote, their photos, how to reach them), merged into the open report at once, and counts
 * one more supporter there; the resident follows that report's progress under their own code.
 */
async function storeFollower(
  manager: EntityManager,
  receivedAt: Date,
  input: SubmitInput,
  followsId: number,
  requestHash: string | null,
): Promise<SubmitResult> {
  const followed = await manager.getRepository(Submission).findOne({
    where: { id: followsId },
    relations: { department: true },
    lock: { mode: 'pessimistic_write', tables: ['submission'] },
  });
  if (!followed || ![...OPEN_STATUSES, 'resolved'].includes(followed.status)) {
    throw new ValidationFailed([
      { field: 'followsId', rule: 'open', message: '这条同类反映已办结或不存在，请直接提交您的反映' },
    ]);
  }
  const photos = await lockUploads(manager, input.photoIds ?? []);
  const submission = await manager.getRepository(Submission).save(
    manager.getRepository(Submission).create({
      trackingCode: generateTrackingCode(),
      content: input.content,
      channel: input.channel,
      // The same problem: it takes the followed report's category, department and deadlines.
      category: followed.category,
      subcategory: followed.subcategory,
      confidence: 1,
      needsReview: false,
      classification: { signals: [], ranking: [], routing: { kind: 'follow' } },
      departmentId: followed.departmentId,
      status: 'duplicate',
      mergedIntoId: followed.id,
      acceptDeadline: followed.acceptDeadline,
      resolveDeadline: followed.resolveDeadline,
      ...residentFields(input, positionOf(input, photos), requestHash, receivedAt),
    }),
  );
  await attachPhotos(manager, photos, submission.id);
  await manager.query('UPDATE submission SET supporter_count = supporter_count + 1 WHERE id = $1', [followed.id]);
  await new TimelineWriter(manager, submission, receivedAt, SYSTEM_ACTOR, firstUpdates(input)).record([
    { kind: 'status', from: null, to: 'submitted', note: '您的反映已收到，我们会尽快处理。', visible: true },
    {
      kind: 'status',
      from: 'submitted',
      to: 'duplicate',
      note: `附近已有同类反映正由${followed.department.name}办理，已合并办理，您会收到它的办理进展。`,
      visible: true,
    },
  ]);
  await new TimelineWriter(manager, followed, receivedAt).internal(
    'note',
    `又有一位群众反映了同一问题（我也遇到，反映编号 ${submission.trackingCode}），共 ${followed.supporterCount + 1} 人`,
  );
  return { submission, department: followed.department, replayed: false };
}

/** Stores what the Open311 client sent besides the report, and counts the request for its client. */
async function storeOpen311(manager: EntityManager, submissionId: number, input: SubmitInput): Promise<void> {
  const details = input.open311!;
  await manager.getRepository(Open311Request).insert({
    submissionId,
    clientId: details.client.id,
    token: details.token,
    serviceCode: input.requestedSubcategory!,
    attributes: details.attributes,
    mediaUrl: details.mediaUrl ?? null,
    email: details.email ?? null,
    accountId: details.accountId ?? null,
    deviceId: details.deviceId ?? null,
  });
  // Checked again here, in the transaction: a key revoked while this request was on its way files nothing.
  const counted = await manager
    .createQueryBuilder()
    .update(Open311Client)
    .set({ requestCount: () => 'request_count + 1', lastUsedAt: () => 'now()' })
    .where('id = :id AND revoked_at IS NULL', { id: details.client.id })
    .execute();
  if (counted.affected !== 1) throw new Forbidden('api_key 已被吊销，请联系创城办', 'api_key has been revoked');
}

/** The staff note on what an Open311 client sent besides the report. */
function open311Note(input: SubmitInput): string {
  const details = input.open311!;
  const lines = [
    `通过 Open311 客户端「${details.client.name}」提交，所选服务：${subcategoryName(input.requestedSubcategory!)}`,
    ...details.attributeLines,
    ...(details.mediaUrl ? [`客户端附图链接（未下载，请谨慎打开）：${details.mediaUrl}`] : []),
  ];
  return lines.join('；');
}

/**
 * How the first updates of a new report go out. A channel client that sent the report answers
 * the resident itself; those updates are not repeated there.
 */
function firstUpdates(input: SubmitInput): TimelineWriterOptions & { answeredOn?: string } {
  return { newReport: true, ...(input.submitterChannelId ? { answeredOn: input.channel } : {}) };
}

/** Without a position of its own, a report takes the first photo's GPS position. */
function positionOf(input: SubmitInput, photos: readonly Attachment[]): { lat: number | null; lng: number | null } {
  if (input.location?.lat !== undefined) return { lat: input.location.lat, lng: input.location.lng ?? null };
  const fromPhoto = photos.find((p) => p.lat !== null && p.lng !== null);
  return { lat: fromPhoto?.lat ?? null, lng: fromPhoto?.lng ?? null };
}

/** What every report keeps of what its resident sent and how to reach them. */
type ResidentFields = ResidentColumns & { updatedAt: Date };

function residentFields(
  input: SubmitInput,
  position: { lat: number | null; lng: number | null },
  requestHash: string | null,
  receivedAt: Date,
): ResidentFields {
  return {
    address: input.location?.address ?? null,
    lat: position.lat,
    lng: position.lng,
    contactName: input.contact?.name ?? null,
    contactPhone: input.contact?.phone ?? null,
    anonymous: input.anonymous ?? false,
    notifySms: input.notifyBySms ?? false,
    submitterChannelId: input.submitterChannelId ?? null,
    submitterHandle: input.submitterHandle ?? null,
    idempotencyKey: input.idempotencyKey ?? null,
    requestHash,
    createdAt: receivedAt,
    updatedAt: receivedAt,
  };
}

async function attachPhotos(
  manager: EntityManager,
  photos: readonly Attachment[],
  submissionId: number,
): Promise<void> {
  if (photos.length === 0) return;
  await manager
    .getRepository(Attachment)
    .update({ id: In(photos.map((p) => p.id)) }, { submissionId, uploadToken: null });
}

/** The resident's uploads named by the report, locked so two reports cannot claim one photo. */
async function lockUploads(manager: EntityManager, tokens: readonly string[]): Promise<Attachment[]> {
  const unique = [...new Set(tokens)];
  if (unique.length === 0) return [];
  const found = await manager.getRepository(Attachment).find({
    where: { uploadToken: In(unique), submissionId: IsNull() },
    lock: { mode: 'pessimistic_write' },
    order: { id: 'ASC' },
  });
  if (found.length !== unique.length) {
    throw new ValidationFailed([
      { field: 'photoIds', rule: 'uploaded', message: '有照片已过期或不存在，请重新上传后再提交' },
    ]);
  }
  // In the order the resident put them.
  return unique.map((token) => found.find((p) => p.uploadToken === token)!);
}

function describeClassification(decision: Decision): string {
  const { classification: c, routing, failure } = decision;
  const category = categoryInfo(c.category);
  const sub = category.subcategories.find((s) => s.code === c.subcategory)?.name ?? c.subcategory;
  const words = c.signals.map((s) => s.term).join('、') || '无';
  const where =
    routing.kind === 'rule'
      ? `按路由规则 #${routing.ruleId} 分派至${decision.department.name}`
      : `转创城办人工分拨（${{ needs_review: '需人工复核', other_category: '不属于四类问题', no_rule: '没有匹配的路由规则' }[routing.reason]}）`;
  const requested = decision.requested?.record;
  const opinion = requested
    ? requested.agrees
      ? `提交方选择：${category.name} / ${sub}，与自动分类一致（${describeOpinion(requested.classifier)}）`
      : `提交方选择：${category.name} / ${sub}；自动分类不一致：${describeOpinion(requested.classifier)}` +
        (c.needsReview ? '，请人工核对' : '（把握不大，按提交方选择）')
    : `自动分类：${category.name} / ${sub}，置信度 ${c.confidence.toFixed(2)}`;
  const base = `${opinion}，依据：${words}；${where}。`;
  return failure ? `${base}自动处理出错：${failure}` : base;
}

function describeOpinion(o: { category: CategoryCode; subcategory: string; confidence: number }): string {
  return `${categoryInfo(o.category).name} / ${subcategoryName(o.subcategory)}，置信度 ${o.confidence.toFixed(2)}`;
}

async function findByIdempotencyKey(
  manager: EntityManager,
  key: string,
  requestHash: string | null,
): Promise<SubmitResult | undefined> {
  const submission = await manager
    .getRepository(Submission)
    .findOne({ where: { idempotencyKey: key }, relations: { department: true } });
  if (!submission) return undefined;
  if (submission.requestHash !== requestHash) throw new IdempotencyKeyReused();
  return { submission, department: submission.department, replayed: true };
}

/** A stable digest of what the resident sent, independent of key order. */
function hashRequest(input: SubmitInput): string {
  const canonical = JSON.stringify({
    content: input.content,
    channel: input.channel,
    location: input.location
      ? [input.location.address ?? null, input.location.lat ?? null, input.location.lng ?? null]
      : null,
    contact: input.contact ? [input.contact.name ?? null, input.contact.phone ?? null] : null,
    anonymous: input.anonymous ?? false,
    // Only present when asked for, so requests stored before this field existed hash the same.
    ...(input.notifyBySms ? { sms: true } : {}),
    submitter: input.submitterChannelId ?? null,
    ...(input.photoIds?.length ? { photos: [...input.photoIds].sort() } : {}),
    ...(input.followsId !== undefined ? { follows: input.followsId } : {}),
  });
  return createHash('sha256').update(canonical).digest('hex');
}

function isUniqueViolation(error: unknown): error is QueryFailedError {
  return error instanceof QueryFailedError && (error.driverError as { code?: string }).code === UNIQUE_VIOLATION;
}

function constraintOf(error: QueryFailedError): string | undefined {
  return (error.driverError as { constraint?: string }).constraint;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
