import type { Department, Submission } from '../db/entities';
import type { Classification } from '../domain/classification/types';
import { STATUS_LABELS } from '../domain/lifecycle/status';
import type { RoutedReport } from '../services/route-report';
import { type PublicReport, publicActor } from '../services/track-report';
import { CATEGORIES, categoryInfo } from '../domain/taxonomy';

/**
 * Entities never leave the API as they are: these functions pick what each audience may see.
 * Public views carry no personal data (contact, address, channel identity, the text itself).
 */
function categoryView(submission: Pick<Submission, 'category' | 'subcategory'>) {
  const category = categoryInfo(submission.category);
  const subcategory = category.subcategories.find((sub) => sub.code === submission.subcategory);
  return {
    category: { code: category.code, name: category.name, char: category.char },
    subcategory: { code: submission.subcategory, name: subcategory?.name ?? submission.subcategory },
  };
}

function departmentView(department: Pick<Department, 'code' | 'name'>) {
  return { code: department.code, name: department.name };
}

export function createdView(submission: Submission, department: Department) {
  return {
    trackingCode: submission.trackingCode,
    status: submission.status,
    statusLabel: STATUS_LABELS[submission.status],
    ...categoryView(submission),
    department: departmentView(department),
    deadline: submission.resolveDeadline.toISOString(),
    acceptDeadline: submission.acceptDeadline.toISOString(),
    needsReview: submission.needsReview,
    trackingPath: `/api/v1/submissions/${submission.trackingCode}`,
  };
}

/**
 * PostgreSQL's json prints timestamps with microseconds and the session's offset; the API
 * promises every time in `toISOString` form (UTC, milliseconds).
 */
const iso = (timestamp: string) => new Date(timestamp).toISOString();

/**
 * What the public tracking page shows of a report. Photo links carry `linkCode`: a duplicate's
 * resident sees the photos of the report it was merged into under their own code.
 */
export function trackingView(report: PublicReport, linkCode = report.trackingCode) {
  return {
    trackingCode: report.trackingCode,
    status: report.status,
    statusLabel: STATUS_LABELS[report.status],
    ...categoryView(report),
    department: departmentView(report.department),
    deadline: iso(report.resolveDeadline),
    acceptDeadline: iso(report.acceptDeadline),
    submittedAt: iso(report.createdAt),
    updatedAt: iso(report.updatedAt),
    supporterCount: report.supporterCount,
    timeline: report.timeline.map((event) => ({
      at: iso(event.createdAt),
      type: event.type,
      fromStatus: event.fromStatus,
      toStatus: event.toStatus,
      statusLabel: event.toStatus ? STATUS_LABELS[event.toStatus] : null,
      note: event.note,
      actor: publicActor(event),
    })),
    photos: report.photos.map((photo) => {
      const url = `/api/v1/submissions/${linkCode}/photos/${photo.id}`;
      return {
        id: photo.id,
        kind: photo.kind,
        url,
        thumbnailUrl: `${url}?size=thumb`,
        width: photo.width,
        height: photo.height,
        at: iso(photo.createdAt),
      };
    }),
  };
}

export function categoriesView() {
  return CATEGORIES.map((category) => ({
    code: category.code,
    char: category.char,
    name: category.name,
    nameEn: category.nameEn,
    scope: category.scope,
    defaultResolveHours: category.defaultResolveHours,
    subcategories: category.subcategories.map((sub) => ({ code: sub.code, name: sub.name })),
  }));
}

const DISPATCH_REASONS = {
  needs_review: '把握不足，需人工复核',
  other_category: '不属于四类问题',
  no_rule: '没有匹配的路由规则',
} as const;

export function classificationView(classification: Classification, routed: RoutedReport, deadline: Date) {
  const category = categoryInfo(classification.category);
  const { decision } = routed;
  return {
    category: { code: category.code, name: category.name, char: category.char },
    subcategory: {
      code: classification.subcategory,
      name:
        category.subcategories.find((sub) => sub.code === classification.subcategory)?.name ??
        classification.subcategory,
    },
    confidence: classification.confidence,
    needsReview: classification.needsReview,
    ranking: classification.ranking,
    signals: classification.signals,
    routing: {
      department: departmentView(routed.department),
      ruleId: decision.kind === 'rule' ? decision.ruleId : null,
      reason: decision.kind === 'rule' ? '按路由规则分派' : DISPATCH_REASONS[decision.reason],
      resolveWithinHours: decision.resolveWithinHours,
      deadline: deadline.toISOString(),
    },
  };
}

export function departmentsView(departments: readonly Department[]) {
  return departments.map((department) => ({
    id: department.id,
    code: department.code,
    name: department.name,
    leaderName: department.leaderName,
    contactPhone: department.contactPhone,
    isDispatchOffice: department.isDispatchOffice,
  }));
}

/**
 * Whether and until when the resident may rate, and their last verdict: a resolved report may
 * be rated for `feedbackDays` after it was resolved.
 */
export function feedbackView(report: PublicReport, feedbackDays: number) {
  const resolvedAt = report.status === 'resolved' ? new Date(report.resolvedAt ?? report.updatedAt) : null;
  const latest = report.latestFeedback;
  return {
    canRate: resolvedAt !== null,
    rateBy: resolvedAt ? new Date(resolvedAt.getTime() + feedbackDays * 24 * 3600 * 1000).toISOString() : null,
    latest: latest
      ? { rating: latest.rating, fixed: latest.fixed, outcome: latest.outcome, at: iso(latest.createdAt) }
      : null,
  };
}

/** A report that may be the same problem, for "already reported?": public facts and how near it is. */
export function similarReportView(found: {
  submission: Submission;
  distanceMeters: number | null;
  sameAddress: boolean;
}) {
  const { submission } = found;
  return {
    id: submission.id,
    status: submission.status,
    statusLabel: STATUS_LABELS[submission.status],
    ...categoryView(submission),
    department: departmentView(submission.department),
    submittedAt: submission.createdAt.toISOString(),
    distanceMeters: found.distanceMeters,
    sameAddress: found.sameAddress,
    supporterCount: submission.supporterCount,
  };
}
