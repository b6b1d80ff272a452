import { detectImageType } from '../domain/images/image-type';
import { UnsupportedMediaType } from '../errors';
import { GeoPoint, processPhoto, UnreadablePhoto } from '../media/photo-processing';
import type { PhotoStore } from '../storage/photo-store';

export interface StoredPhoto {
  readonly storageKey: string;
  readonly thumbnailKey: string;
  readonly mimeType: 'image/jpeg';
  readonly byteSize: number;
  readonly width: number;
  readonly height: number;
  readonly location: GeoPoint | null;
  /** Removes the stored files again, for when the database write after them fails. */
  discard(): Promise<void>;
}

const ACCEPTED = 'JPEG、PNG、WebP 或 HEIC';

/**
 * Every uploaded photo, a resident's or a department's, comes in here: accepted only when its
 * bytes are really an image of an accepted kind, re-encoded without metadata, stored with a
 * thumbnail. Nothing is stored for a refused file.
 */
export async function storePhoto(store: PhotoStore, bytes: Buffer): Promise<StoredPhoto> {
  const type = detectImageType(bytes);
  if (!type) {
    throw new UnsupportedMediaType(
      `只接受 ${ACCEPTED} 格式的照片（按文件内容判断，不看文件名）`,
      'Only JPEG, PNG, WebP or HEIC photos are accepted (judged by content)',
    );
  }
  let processed;
  try {
    processed = await processPhoto(bytes, type);
  } catch (error) {
    if (error instanceof UnreadablePhoto) {
      throw new UnsupportedMediaType('照片文件已损坏或无法读取，请换一张', 'The photo cannot be decoded');
    }
    throw error;
  }
  const storageKey = await store.save(processed.image, 'jpg');
  const thumbnailKey = await store.save(processed.thumbnail, 'jpg');
  return {
    storageKey,
    thumbnailKey,
    mimeType: 'image/jpeg',
    byteSize: processed.image.length,
    width: processed.width,
    height: processed.height,
    location: processed.location,
    discard: async () => {
      await Promise.all([store.remove(storageKey), store.remove(thumbnailKey)]);
    },
  };
}
