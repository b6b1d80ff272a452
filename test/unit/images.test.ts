import { detectImageType } from '../../src/domain/images/image-type';
import { stripMetadata } from '../../src/domain/images/strip-metadata';
import { jpegWithExif, tinyPng } from '../support/images';

describe('photo bytes', () => {
  it('recognises JPEG, PNG and WebP by their bytes and nothing else', () => {
    expect(detectImageType(jpegWithExif())).toBe('image/jpeg');
    expect(detectImageType(tinyPng())).toBe('image/png');
    expect(detectImageType(Buffer.from('RIFF\x10\0\0\0WEBPVP8 ', 'latin1'))).toBe('image/webp');
    expect(detectImageType(Buffer.from('<svg onload="alert(1)"></svg>'))).toBeUndefined();
    expect(detectImageType(Buffer.from('GIF89a'))).toBeUndefined();
    expect(detectImageType(Buffer.alloc(0))).toBeUndefined();
  });

  it('removes EXIF and comments from a JPEG and keeps the JFIF header and the picture', () => {
    const original = jpegWithExif();
    const stripped = stripMetadata('image/jpeg', original);
    const text = stripped.toString('latin1');
    expect(text).not.toContain('GPSLatitude');
    expect(text).not.toContain('taken by phone');
    expect(text).toContain('JFIF');
    expect(stripped.subarray(-9)).toEqual(original.subarray(-9));
    expect(stripped.length).toBeLessThan(original.length);
  });

  it('removes text chunks from a PNG and keeps the image chunks', () => {
    const withText = tinyPng(2, 'GPS 30.27,120.15');
    const stripped = stripMetadata('image/png', withText);
    expect(stripped.toString('latin1')).not.toContain('GPS');
    expect(stripped).toEqual(tinyPng(2));
  });
});
