import type { ImageType } from './image-type';

/**
 * Removes metadata that can carry a position or a device's identity (EXIF, XMP, comments) while
 * keeping the picture itself byte for byte. JPEG: APPn segments other than JFIF/Adobe colour
 * data and COM segments go; PNG: eXIf and text chunks go. WebP is kept as it is for now.
 */
export function stripMetadata(type: ImageType, bytes: Buffer): Buffer {
  if (type === 'image/jpeg') return stripJpeg(bytes);
  if (type === 'image/png') return stripPng(bytes);
  return bytes;
}

function stripJpeg(bytes: Buffer): Buffer {
  const kept: Buffer[] = [bytes.subarray(0, 2)];
  let offset = 2;
  while (offset + 4 <= bytes.length && bytes[offset] === 0xff) {
    const marker = bytes[offset + 1]!;
    // Start of scan: the compressed picture follows to the end; keep the rest as it is.
    if (marker === 0xda) break;
    const length = bytes.readUInt16BE(offset + 2);
    const segment = bytes.subarray(offset, offset + 2 + length);
    const identifier = bytes.subarray(offset + 4, offset + 4 + 5).toString('latin1');
    const isApp = marker >= 0xe0 && marker <= 0xef;
    const keepApp = (marker === 0xe0 && identifier.startsWith('JFIF')) || (marker === 0xee && identifier === 'Adobe');
    if (!(isApp && !keepApp) && marker !== 0xfe) kept.push(segment);
    offset += 2 + length;
  }
  kept.push(bytes.subarray(offset));
  return Buffer.concat(kept);
}

const PNG_DROPPED = new Set(['eXIf', 'tEXt', 'iTXt', 'zTXt', 'tIME']);

function stripPng(bytes: Buffer): Buffer {
  const kept: Buffer[] = [bytes.subarray(0, 8)];
  let offset = 8;
  while (offset + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.subarray(offset + 4, offset + 8).toString('latin1');
    const chunk = bytes.subarray(offset, offset + 12 + length);
    if (!PNG_DROPPED.has(type)) kept.push(chunk);
    offset += 12 + length;
    if (type === 'IEND') break;
  }
  return Buffer.concat(kept);
}
