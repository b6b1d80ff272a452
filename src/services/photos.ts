import type { DataSource } from 'typeorm';
import { Attachment } from '../db/entities';
import type { StaffUser } from '../db/entities';
import { detectImageType } from '../domain/images/image-type';
import { stripMetadata } from '../domain/images/strip-metadata';
import { Forbidden, NotFound, ValidationFailed } from '../errors';
import type { PhotoStore } from '../storage/photo-store';
import { audit } from './audit';
import { staffActor } from './staff-actor';
import { relationTo } from './staff-access';
import { getForStaff } from './staff-queue';
import { TimelineWriter } from './timeline-writer';
import { lockSubmission } from './submission-lock';

const EXTENSIONS = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' } as const;
const KIND_LABELS: Record<'before_photo' | 'after_photo', string> = {
  before_photo: '整改前照片',
  after_photo: '整改后照片',
};

/**
 * A department's rectification photo (整改前/整改后). Accepted only when the bytes are really a
 * JPEG, PNG or WebP; position and device metadata are removed before the bytes are stored.
 */
export async function addStaffPhoto(
  deps: { dataSource: DataSource; now: () => Date; photoStore: PhotoStore },
  user: StaffUser,
  request: { submissionId: number; kind: 'before_photo' | 'after_photo'; bytes: Buffer },
): Promise<Attachment> {
  const visible = await getForStaff(deps.dataSource, user, request.submissionId);
  const relation = relationTo(user, visible);
  if (relation !== 'lead' && relation !== 'oversight') {
    throw new Forbidden('只有主办单位或创城办可以上传整改照片', 'Lead department or dispatch office only');
  }
  const type = detectImageType(request.bytes);
  if (!type) {
    throw new ValidationFailed([{ field: 'file', rule: 'imageType', message: '只接受 JPEG、PNG 或 WebP 格式的照片' }]);
  }
  const bytes = stripMetadata(type, request.bytes);
  const storageKey = await deps.photoStore.save(bytes, EXTENSIONS[type]);
  return deps.dataSource.transaction(async (manager) => {
    const submission = await lockSubmission(manager, request.submissionId);
    const attachments = manager.getRepository(Attachment);
    const saved = await attachments.save(
      attachments.create({
        submissionId: submission.id,
        kind: request.kind,
        storageKey,
        thumbnailKey: null,
        mimeType: type,
        byteSize: bytes.length,
        uploadedById: user.id,
        width: null,
        height: null,
      }),
    );
    await new TimelineWriter(manager, submission, deps.now(), staffActor(user)).internal(
      'note',
      `上传${KIND_LABELS[request.kind]}`,
    );
    await audit(manager, {
      staffUserId: user.id,
      username: user.username,
      action: 'photo.upload',
      targetType: 'submission',
      targetId: submission.id,
      details: { attachmentId: saved.id, kind: request.kind, bytes: bytes.length },
    });
    return saved;
  });
}

/** A photo's bytes for a member of staff who can see its report. */
export async function readPhotoForStaff(
  deps: { dataSource: DataSource; photoStore: PhotoStore },
  user: StaffUser,
  attachmentId: number,
): Promise<{ attachment: Attachment; bytes: Buffer }> {
  const attachment = await deps.dataSource.getRepository(Attachment).findOneBy({ id: attachmentId });
  if (!attachment) throw new NotFound('没有找到这张照片', `No attachment ${attachmentId}`);
  await getForStaff(deps.dataSource, user, attachment.submissionId);
  return { attachment, bytes: await deps.photoStore.read(attachment.storageKey) };
}
