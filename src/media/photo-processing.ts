import type Sharp from 'sharp';
import type { ImageType } from '../domain/images/image-type';
import { decodeHeic } from './heic-decoder';

export interface GeoPoint {
  readonly lat: number;
  readonly lng: number;
}

export interface ProcessedPhoto {
  /** A fresh JPEG: upright, at most `maxSide` pixels a side, with no metadata at all. */
  readonly image: Buffer;
  /** A small JPEG for lists and the console. */
  readonly thumbnail: Buffer;
  readonly width: number;
  readonly height: number;
  /** Where the phone says the photo was taken, read before the metadata was dropped. */
  readonly location: GeoPoint | null;
}

export class UnreadablePhoto extends Error {
  constructor(cause: unknown) {
    super(`the image cannot be decoded: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'UnreadablePhoto';
  }
}

export interface PhotoProcessingOptions {
  readonly maxSide?: number;
  readonly thumbnailSide?: number;
}

/** Decompression bombs stop here: a phone photo has at most ~50 megapixels. */
const MAX_INPUT_PIXELS = 60_000_000;

/**
 * Turns an uploaded photo into what the portal stores: its GPS position is read first, then the
 * picture is decoded and encoded again as JPEG, which leaves every byte of EXIF, XMP, comments and
 * colour profiles behind (nothing is copied over unless asked for). HEIC, which the bundled
 * image library cannot decode, is decoded in a worker thread first (heic-decoder.ts).
 */
export async function processPhoto(
  bytes: Buffer,
  type: ImageType,
  options: PhotoProcessingOptions = {},
): Promise<ProcessedPhoto> {
  const location = await readGpsPosition(bytes);
  // libvips is loaded with the first photo rather than at start: about 10 MB the server need not
  // hold until someone uploads one.
  const { default: sharp } = await import('sharp');
  let decoded: Sharp.Sharp;
  try {
    if (type === 'image/heic') {
      const { width, height, data } = await decodeHeic(bytes, { maxPixels: MAX_INPUT_PIXELS });
      decoded = sharp(Buffer.from(data.buffer, data.byteOffset, data.byteLength), {
        raw: { width, height, channels: 4 },
        limitInputPixels: MAX_INPUT_PIXELS,
      });
    } else {
      decoded = sharp(bytes, { failOn: 'error', limitInputPixels: MAX_INPUT_PIXELS });
    }
    // rotate() with no angle turns the picture upright by its EXIF orientation before that is lost.
    const upright = decoded.rotate().flatten({ background: '#ffffff' });
    const maxSide = options.maxSide ?? 2560;
    const { data: image, info } = await upright
      .clone()
      .resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 82 })
      .toBuffer({ resolveWithObject: true });
    const thumbSide = options.thumbnailSide ?? 480;
    const thumbnail = await upright
      .clone()
      .resize({ width: thumbSide, height: thumbSide, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 70 })
      .toBuffer();
    return { image, thumbnail, width: info.width, height: info.height, location };
  } catch (error) {
    throw new UnreadablePhoto(error);
  }
}

/** The photo's own GPS position, when it has a plausible one; never an error. */
export async function readGpsPosition(bytes: Buffer): Promise<GeoPoint | null> {
  try {
    const { default: exifr } = await import('exifr');
    const gps = await exifr.gps(bytes);
    if (!gps) return null;
    const { latitude: lat, longitude: lng } = gps;
    const valid =
      Number.isFinite(lat) &&
      Number.isFinite(lng) &&
      Math.abs(lat) <= 90 &&
      Math.abs(lng) <= 180 &&
      (lat !== 0 || lng !== 0);
    return valid ? { lat: Math.round(lat * 1e6) / 1e6, lng: Math.round(lng * 1e6) / 1e6 } : null;
  } catch {
    // Broken metadata is common and harmless: the photo simply has no position.
    return null;
  }
}
