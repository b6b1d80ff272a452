import { TRACKING_ALPHABET, generateTrackingCode, normaliseTrackingCode } from '../../src/domain/tracking-code';

describe('tracking codes', () => {
  it('are two groups of five characters without look-alikes', () => {
    for (let i = 0; i < 200; i += 1) {
      const code = generateTrackingCode();
      expect(code).toMatch(/^[^-]{5}-[^-]{5}$/);
      for (const char of code.replace('-', '')) expect(TRACKING_ALPHABET).toContain(char);
    }
    expect(TRACKING_ALPHABET).not.toMatch(/[0O1IL2Z5S8BUV]/);
  });

  it('are random, not a sequence', () => {
    const codes = new Set(Array.from({ length: 1000 }, generateTrackingCode));
    expect(codes.size).toBe(1000);
  });

  it('accept what people type', () => {
    expect(normaliseTrackingCode('7kq4m xr9te')).toBe('7KQ4M-XR9TE');
    expect(normaliseTrackingCode('７ＫＱ４Ｍ－ＸＲ９ＴＥ')).toBe('7KQ4M-XR9TE');
    expect(normaliseTrackingCode('7KQ4MXR9TE')).toBe('7KQ4M-XR9TE');
  });

  it('reject what cannot be a code', () => {
    expect(normaliseTrackingCode('abc')).toBeUndefined();
    expect(normaliseTrackingCode('00000-00000')).toBeUndefined();
    expect(normaliseTrackingCode("7KQ4M-XR9T'")).toBeUndefined();
  });
});
