import type { DataSource } from 'typeorm';
import { Attachment } from '../db/entities';
import type { StaffUser } from '../db/entities';
import { STATUS_LABELS, SubmissionStatus } from '../domain/lifecycle/status';
import { Forbidden, InvalidTransition, NotFound } from '../errors';
import { storePhoto } from './photo-intake';
import type { PhotoStore } from '../storage/photo-store';
import { audit } from './audit';
import { staffActor } from './staff-actor';
import { relationTo } from './staff-access';
import { getForStaff } from './staff-queue';
import { TimelineWriter } from './timeline-writer';
import { lockSubmission } from './submission-lock';

const KIND_LABELS: Record<'before_photo' | 'after_photo', string> = {
  before_photo: '整改前照片',
  after_photo: '整改后照片',
};

/** Reports that are finished or folded into another take no more rectification photos. */
const NO_PHOTOS: readonly SubmissionStatus[] = ['closed', 'rejected', 'duplicate', 'withdrawn'];

/**
 * A department's rectification photo (整改前/整改后), through the same intake as a resident's:
 * only real images, re-encoded without metadata, with a thumbnail.
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
  if (NO_PHOTOS.includes(visible.status)) {
    throw new InvalidTransition(`这条反映${STATUS_LABELS[visible.status]}，不能再上传整改照片`, 'closed_report');
  }
  const photo = await storePhoto(deps.photoStore, request.bytes);
  return deps.dataSource
    .transaction(async (manager) => {
      const submission = await lockSubmission(manager, request.submissionId);
      const attachments = manager.getRepository(Attachment);
      const saved = await attachments.save(
        attachments.create({
          submissionId: submission.id,
          kind: request.kind,
          storageKey: photo.storageKey,
          thumbnailKey: photo.thumbnailKey,
          mimeType: photo.mimeType,
          byteSize: photo.byteSize,
          uploadedById: user.id,
          width: photo.width,
          height: photo.height,
          lat: photo.location?.lat ?? null,
          lng: photo.location?.lng ?? null,
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
        details: { attachmentId: saved.id, kind: request.kind, bytes: photo.byteSize },
      });
      return saved;
    })
    .catch(async (error: unknown) => {
      // The files were written before the transaction; without its row they would be orphans.
      await photo.discard();
      throw error;
    });
}

/** A photo's bytes (or its thumbnail's) for a member of staff who can see its report. */
export async function readPhotoForStaff(
  deps: { dataSource: DataSource; photoStore: PhotoStore },
  user: StaffUser,
  attachmentId: number,
  size: 'full' | 'thumb' = 'full',
): Promise<{ attachment: Attachment; bytes: Buffer }> {
  const attachment = await deps.dataSource.getRepository(Attachment).findOneBy({ id: attachmentId });
  // An upload not yet claimed by a report belongs to no one staff can see.
  if (!attachment || attachment.submissionId === null) {
    throw new NotFound('没有找到这张照片', `No attachment ${attachmentId}`);
  }
  await getForStaff(deps.dataSource, user, attachment.submissionId);
  const key = size === 'thumb' ? (attachment.thumbnailKey ?? attachment.storageKey) : attachment.storageKey;
  return { attachment, bytes: await deps.photoStore.read(key) };
}
