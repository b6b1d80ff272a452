import { isOverdue } from '../services/overdue';
import type {
  Attachment,
  ExtensionRequest,
  Open311Request,
  StaffUser,
  Submission,
  TimelineEvent,
} from '../db/entities';
import { allowedActions } from '../domain/lifecycle/state-machine';
import type { LifecycleAction } from '../domain/lifecycle/state-machine';
import { STATUS_LABELS } from '../domain/lifecycle/status';
import { maskEmail, maskPhone } from '../domain/personal-data';
import { subcategoryName } from '../domain/taxonomy';
import { lifecycleRole, ownsReport, relationTo } from '../services/staff-access';

/** Only the lead department (or the dispatch office) moves a report; 协办 departments just read and note. */
function actionsFor(user: StaffUser, submission: Submission): LifecycleAction[] {
  const relation = relationTo(user, submission);
  if (relation !== 'lead' && relation !== 'oversight') return [];
  return allowedActions(submission.status, lifecycleRole(user));
}

/** `revealPhone`: the owning department's detail view; the queue always shows it masked. */
export function staffSubmissionView(submission: Submission, user: StaffUser, now: Date, revealPhone = false) {
  const phone = submission.contactPhone;
  return {
    id: submission.id,
    trackingCode: submission.trackingCode,
    version: submission.version,
    /** Residents who said "me too" instead of filing the same problem again. */
    supporterCount: submission.supporterCount,
    /** The WeChat bot could not find this resident any more: updates reach them only on the tracking page. */
    channelUnreachableAt: submission.channelUnreachableAt?.toISOString() ?? null,
    status: submission.status,
    statusLabel: STATUS_LABELS[submission.status],
    content: submission.content,
    channel: submission.channel,
    category: submission.category,
    subcategory: submission.subcategory,
    confidence: submission.confidence,
    needsReview: submission.needsReview,
    classification: submission.classification,
    department: { id: submission.departmentId, name: submission.department?.name },
    supportingDepartments: (submission.supportingDepartments ?? []).map((d) => ({ id: d.id, name: d.name })),
    acceptDeadline: submission.acceptDeadline.toISOString(),
    resolveDeadline: submission.resolveDeadline.toISOString(),
    overdue: isOverdue(submission, now),
    overdueStage: submission.overdueStage,
    escalatedAt: submission.escalatedAt?.toISOString() ?? null,
    mergedInto: submission.mergedIntoId
      ? { id: submission.mergedIntoId, trackingCode: submission.mergedInto?.trackingCode ?? null }
      : null,
    address: submission.address,
    lat: submission.lat,
    lng: submission.lng,
    contact: {
      name: submission.contactName,
      // Only the owning department sees the number in full.
      phone: phone && !(revealPhone && ownsReport(user, submission)) ? maskPhone(phone) : phone,
    },
    createdAt: submission.createdAt.toISOString(),
    updatedAt: submission.updatedAt.toISOString(),
    relation: relationTo(user, submission) ?? null,
    allowedActions: actionsFor(user, submission),
  };
}

/** What an Open311 client sent besides the report; the email is personal data, like the phone. */
export function open311View(request: Open311Request, revealEmail: boolean) {
  return {
    client: { id: request.clientId, name: request.client?.name ?? null },
    serviceCode: request.serviceCode,
    serviceName: subcategoryName(request.serviceCode),
    attributes: request.attributes,
    mediaUrl: request.mediaUrl,
    email: request.email && !revealEmail ? maskEmail(request.email) : request.email,
  };
}

export function timelineView(event: TimelineEvent) {
  return {
    id: event.id,
    type: event.type,
    actorType: event.actorType,
    actorLabel: event.actorLabel,
    fromStatus: event.fromStatus,
    toStatus: event.toStatus,
    note: event.note,
    visibleToResident: event.visibleToResident,
    createdAt: event.createdAt.toISOString(),
  };
}

export function attachmentView(attachment: Attachment) {
  return {
    id: attachment.id,
    kind: attachment.kind,
    url: `/api/v1/staff/attachments/${attachment.id}`,
    thumbnailUrl: `/api/v1/staff/attachments/${attachment.id}?size=thumb`,
    mimeType: attachment.mimeType,
    byteSize: attachment.byteSize,
    width: attachment.width,
    height: attachment.height,
    /** Where the photo says it was taken (from its EXIF, read before that was removed). */
    location: attachment.lat !== null && attachment.lng !== null ? { lat: attachment.lat, lng: attachment.lng } : null,
    createdAt: attachment.createdAt.toISOString(),
  };
}

export function extensionView(extension: ExtensionRequest) {
  return {
    id: extension.id,
    submissionId: extension.submissionId,
    status: extension.status,
    hours: extension.hours,
    reason: extension.reason,
    requestedBy: extension.requestedBy?.displayName ?? null,
    decidedBy: extension.decidedBy?.displayName ?? null,
    decisionNote: extension.decisionNote,
    createdAt: extension.createdAt.toISOString(),
    decidedAt: extension.decidedAt?.toISOString() ?? null,
  };
}

export function staffAccountView(user: StaffUser) {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    departmentId: user.departmentId,
    departmentIds: (user.coveredDepartments ?? []).map((d) => d.id),
    active: user.active,
    lockedUntil: user.lockedUntil?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
  };
}
