import { randomBytes } from 'node:crypto';

/** A report carries at most this many of the resident's photos. */
export const MAX_PHOTOS_PER_REPORT = 6;

/** The token a resident's page gets for an upload and sends back with the report. */
export const UPLOAD_TOKEN_PATTERN = /^[A-Za-z0-9_-]{24}$/;

export function newUploadToken(): string {
  return randomBytes(18).toString('base64url');
}
