import { deflateSync } from 'node:zlib';

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k += 1) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A real, decodable PNG of one green-ish pixel per side, with an optional text chunk as metadata. */
export function tinyPng(size = 2, text?: string): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(size * 3, 0x60)]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: size }, () => row)));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    ...(text ? [pngChunk('tEXt', Buffer.from(`Comment\0${text}`, 'latin1'))] : []),
    pngChunk('IDAT', pixels),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function jpegSegment(marker: number, payload: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

/** The frame of a JPEG with a JFIF header, an EXIF block carrying a GPS tag and a comment. */
export function jpegWithExif(): Buffer {
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    jpegSegment(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')),
    jpegSegment(0xe1, Buffer.from('Exif\0\0GPSLatitude=30.27', 'latin1')),
    jpegSegment(0xfe, Buffer.from('taken by phone X', 'latin1')),
    jpegSegment(0xdb, Buffer.alloc(65, 1)),
    Buffer.from([0xff, 0xda, 0x00, 0x02, 0x11, 0x22, 0x33, 0xff, 0xd9]),
  ]);
}

export interface MultipartPart {
  readonly name: string;
  readonly value: string | Buffer;
  readonly filename?: string;
  readonly type?: string;
}

/** A multipart body as a browser's FormData would send it: spread into `app.inject`'s payload and headers. */
export function multipart(parts: readonly MultipartPart[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----cc-test-boundary';
  const chunks = parts.flatMap((part) => [
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"` +
        (part.filename
          ? `; filename="${part.filename}"\r\nContent-Type: ${part.type ?? 'application/octet-stream'}`
          : '') +
        '\r\n\r\n',
    ),
    Buffer.isBuffer(part.value) ? part.value : Buffer.from(part.value),
    Buffer.from('\r\n'),
  ]);
  return {
    payload: Buffer.concat([...chunks, Buffer.from(`--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

export function photoForm(kind: 'before_photo' | 'after_photo' = 'after_photo', bytes: Buffer = tinyPng()) {
  return multipart([
    { name: 'kind', value: kind },
    { name: 'file', value: bytes, filename: 'photo.png', type: 'image/png' },
  ]);
}

/** An EXIF block (as in a JPEG's APP1) whose GPS directory says the photo was taken at lat/lng. */
export function exifWithGps(lat: number, lng: number): Buffer {
  const dms = (value: number): [number, number][] => {
    const degrees = Math.floor(value);
    const minutesFloat = (value - degrees) * 60;
    const minutes = Math.floor(minutesFloat);
    return [
      [degrees, 1],
      [minutes, 1],
      [Math.round((minutesFloat - minutes) * 60 * 1000), 1000],
    ];
  };
  // Little-endian TIFF: IFD0 holds one pointer to the GPS directory, which holds four entries.
  const tiff = Buffer.alloc(128);
  tiff.write('II', 0, 'latin1');
  tiff.writeUInt16LE(42, 2);
  tiff.writeUInt32LE(8, 4);
  tiff.writeUInt16LE(1, 8);
  tiff.writeUInt16LE(0x8825, 10);
  tiff.writeUInt16LE(4, 12);
  tiff.writeUInt32LE(1, 14);
  tiff.writeUInt32LE(26, 18);
  tiff.writeUInt32LE(0, 22);
  let at = 26;
  tiff.writeUInt16LE(4, at);
  at += 2;
  const entry = (tag: number, type: number, count: number, value: number | string) => {
    tiff.writeUInt16LE(tag, at);
    tiff.writeUInt16LE(type, at + 2);
    tiff.writeUInt32LE(count, at + 4);
    if (typeof value === 'string') tiff.write(value, at + 8, 'latin1');
    else tiff.writeUInt32LE(value, at + 8);
    at += 12;
  };
  entry(1, 2, 2, lat >= 0 ? 'N' : 'S');
  entry(2, 5, 3, 80);
  entry(3, 2, 2, lng >= 0 ? 'E' : 'W');
  entry(4, 5, 3, 104);
  tiff.writeUInt32LE(0, at);
  let data = 80;
  for (const [numerator, denominator] of [...dms(Math.abs(lat)), ...dms(Math.abs(lng))]) {
    tiff.writeUInt32LE(numerator, data);
    tiff.writeUInt32LE(denominator, data + 4);
    data += 8;
  }
  return Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff.subarray(0, data)]);
}

/** A real, decodable JPEG photo as a phone takes it: with an EXIF GPS position and a comment. */
export async function phonePhoto(options: {
  lat: number;
  lng: number;
  width?: number;
  height?: number;
}): Promise<Buffer> {
  const sharp = (await import('sharp')).default;
  const plain = await sharp({
    create: {
      width: options.width ?? 64,
      height: options.height ?? 48,
      channels: 3,
      background: { r: 90, g: 140, b: 60 },
    },
  })
    .jpeg()
    .toBuffer();
  const exif = exifWithGps(options.lat, options.lng);
  return Buffer.concat([
    plain.subarray(0, 2),
    jpegSegment(0xe1, exif),
    jpegSegment(0xfe, Buffer.from('taken by phone X', 'latin1')),
    plain.subarray(2),
  ]);
}
