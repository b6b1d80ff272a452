import type { AppConfig } from '../config';
import { LocalDiskPhotoStore, PhotoStore } from './photo-store';
import { S3PhotoStore } from './s3-photo-store';

/** The store PHOTO_STORE names: UPLOAD_DIR on this machine, or the S3-compatible bucket. */
export function photoStoreFrom(config: Pick<AppConfig, 'photoStore' | 's3' | 'uploadDir'>): PhotoStore {
  return config.photoStore === 's3' && config.s3
    ? new S3PhotoStore(config.s3)
    : new LocalDiskPhotoStore(config.uploadDir);
}
