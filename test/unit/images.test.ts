import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { detectImageType } from '../../src/domain/images/image-type';
import { processPhoto, readGpsPosition, UnreadablePhoto } from '../../src/media/photo-processing';
import { exifWithGps, jpegWithExif, phonePhoto, tinyPng } from '../support/images';

describe('photo bytes', () => {
  it('recognises JPEG, PNG, WebP and HEIC by their bytes and nothing else', () => {
    expect(detectImageType(jpegWithExif())).toBe('image/jpeg');
    expect(detectImageType(tinyPng())).toBe('image/png');
    expect(detectImageType(Buffer.from('RIFF\x10\0\0\0WEBPVP8 ', 'latin1'))).toBe('image/webp');
    const heic = readFileSync(path.join(__dirname, '..', 'fixtures', 'photo.heic'));
    expect(detectImageType(heic)).toBe('image/heic');
    expect(detectImageType(Buffer.from('\0\0\0\x18ftypmp42', 'latin1'))).toBeUndefined(); // a video
    expect(detectImageType(Buffer.from('<svg onload="alert(1)"></svg>'))).toBeUndefined();
    expect(detectImageType(Buffer.from('GIF89a'))).toBeUndefined();
    expect(detectImageType(Buffer.alloc(0))).toBeUndefined();
  });

  it('reads a GPS position only when it is there and plausible', async () => {
    expect(await readGpsPosition(await phonePhoto({ lat: 22.543099, lng: 114.057868 }))).toEqual({
      lat: 22.543099,
      lng: 114.057868,
    });
    expect(await readGpsPosition(tinyPng())).toBeNull();
    expect(await readGpsPosition(Buffer.from('not an image'))).toBeNull();
    const nullIsland = Buffer.concat([Buffer.from([0xff, 0xd8]), app1(exifWithGps(0, 0))]);
    expect(await readGpsPosition(nullIsland)).toBeNull();
  });

  it('re-encodes without any metadata, turns the picture upright and makes a thumbnail', async () => {
    // A 60×40 picture that the camera says must be turned a quarter (EXIF orientation 6).
    const sideways = await sharp({ create: { width: 60, height: 40, channels: 3, background: '#3a7' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const processed = await processPhoto(sideways, 'image/jpeg', { thumbnailSide: 20 });
    expect([processed.width, processed.height]).toEqual([40, 60]);
    const metadata = await sharp(processed.image).metadata();
    expect(metadata.exif).toBeUndefined();
    expect(metadata.orientation).toBeUndefined();
    expect(metadata.icc).toBeUndefined();
    const thumb = await sharp(processed.thumbnail).metadata();
    expect([thumb.width, thumb.height]).toEqual([13, 20]);
  });

  it('refuses a small HEIC that declares a huge picture before decoding it', async () => {
    // 15 KB on disk, 64 megapixels once decoded: refused from its header, nothing decoded.
    const bomb = readFileSync(path.join(__dirname, '..', 'fixtures', 'huge-8000x8000.heic'));
    const started = process.memoryUsage().rss;
    await expect(processPhoto(bomb, 'image/heic')).rejects.toThrow(/exceeds the pixel limit/);
    expect(process.memoryUsage().rss - started).toBeLessThan(200 * 1024 * 1024);
    const ok = await processPhoto(readFileSync(path.join(__dirname, '..', 'fixtures', 'photo.heic')), 'image/heic');
    expect([ok.width, ok.height]).toEqual([64, 48]);
  });

  it('calls a file that only starts like an image unreadable', async () => {
    const truncated = (await phonePhoto({ lat: 1, lng: 1 })).subarray(0, 200);
    await expect(processPhoto(truncated, 'image/jpeg')).rejects.toBeInstanceOf(UnreadablePhoto);
  });
});

function app1(payload: Buffer): Buffer {
  const head = Buffer.from([0xff, 0xe1, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}
