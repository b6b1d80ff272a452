import { DataSource, In } from 'typeorm';
import { Attachment, Submission } from '../db/entities';
import type { AttachmentKind } from '../db/entities/attachment.entity';
import { newUploadToken } from '../domain/photos';
import { normaliseTrackingCode } from '../domain/tracking-code';
import { NotFound } from '../errors';
import type { GeoPoint } from '../media/photo-processing';
import type { PhotoStore } from '../storage/photo-store';
import { storePhoto } from './photo-intake';

export interface ResidentUpload {
  /** Sent back with the report (photoIds) to attach the photo. */
  readonly token: string;
  readonly width: number;
  readonly height: number;
  readonly byteSize: number;
  /** The photo's own GPS position, offered to the resident as the report's location. */
  readonly location: GeoPoint | null;
}

/**
 * A resident's photo, uploaded while they are still writing: stored (without metadata) under a
 * token and attached when the report arrives; unclaimed uploads expire.
 */
export async function acceptResidentUpload(
  deps: { dataSource: DataSource; photoStore: PhotoStore; now: () => Date },
  bytes: Buffer,
): Promise<ResidentUpload> {
  const photo = await storePhoto(deps.photoStore, bytes);
  const token = newUploadToken();
  try {
    await deps.dataSource.getRepository(Attachment).insert({
      submissionId: null,
      uploadToken: token,
      kind: 'photo',
      storageKey: photo.storageKey,
      thumbnailKey: photo.thumbnailKey,
      mimeType: photo.mimeType,
      byteSize: photo.byteSize,
      uploadedById: null,
      width: photo.width,
      height: photo.height,
      lat: photo.location?.lat ?? null,
      lng: photo.location?.lng ?? null,
      createdAt: deps.now(),
    });
  } catch (error) {
    await photo.discard();
    throw error;
  }
  return { token, width: photo.width, height: photo.height, byteSize: photo.byteSize, location: photo.location };
}

/**
 * Removes uploads that no report claimed before `olderThan`: the rows first (so a report cannot
 * claim one while its files go), then their files.
 */
export async function removeUnclaimedUploads(
  deps: { dataSource: DataSource; photoStore: PhotoStore },
  olderThan: Date,
): Promise<number> {
  const runner = deps.dataSource.createQueryRunner();
  let removed: { storage_key: string; thumbnail_key: string | null }[];
  try {
    removed = (
      await runner.query(
        `DELETE FROM attachment
          WHERE id IN (SELECT id FROM attachment WHERE submission_id IS NULL AND created_at < $1 LIMIT 500)
            AND submission_id IS NULL
        RETURNING storage_key, thumbnail_key`,
        [olderThan],
        true,
      )
    ).records;
  } finally {
    await runner.release();
  }
  for (const upload of removed) {
    await deps.photoStore.remove(upload.storage_key);
    if (upload.thumbnail_key) await deps.photoStore.remove(upload.thumbnail_key);
  }
  return removed.length;
}

/** Photos anyone holding the tracking code may see: the department's rectification evidence. */
export const PUBLIC_PHOTO_KINDS: readonly AttachmentKind[] = ['before_photo', 'after_photo'];

/**
 * One of a report's public photos by its tracking code. The resident's own photos stay with
 * staff: they may show faces, number plates or the inside of a home. A duplicate's code also
 * shows the photos of the report it was merged into, which its resident now follows: that
 * report's own code would let them rate someone else's report.
 */
export async function readPublicPhoto(
  deps: { dataSource: DataSource; photoStore: PhotoStore },
  rawCode: string,
  attachmentId: number,
  size: 'full' | 'thumb',
): Promise<{ attachment: Attachment; bytes: Buffer }> {
  const missing = new NotFound('没有找到这张照片', `No public photo ${attachmentId} on this report`);
  const trackingCode = normaliseTrackingCode(rawCode);
  if (!trackingCode) throw missing;
  const submission = await deps.dataSource.getRepository(Submission).findOneBy({ trackingCode });
  if (!submission) throw missing;
  const attachment = await deps.dataSource.getRepository(Attachment).findOneBy({
    id: attachmentId,
    submissionId: In(submission.mergedIntoId !== null ? [submission.id, submission.mergedIntoId] : [submission.id]),
    kind: In([...PUBLIC_PHOTO_KINDS]),
  });
  if (!attachment) throw missing;
  const key = size === 'thumb' ? (attachment.thumbnailKey ?? attachment.storageKey) : attachment.storageKey;
  return { attachment, bytes: await deps.photoStore.read(key) };
}
