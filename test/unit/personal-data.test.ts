import { maskPhone, normaliseMobile } from '../../src/domain/personal-data';

describe('phone numbers', () => {
  it('normalise the ways residents write them', () => {
    expect(normaliseMobile('138 1234 1234')).toBe('13812341234');
    expect(normaliseMobile('+86-138-1234-1234')).toBe('13812341234');
    expect(normaliseMobile('８６１３８１２３４１２３４')).toBe('13812341234');
    expect(normaliseMobile('12812341234')).toBeUndefined();
    expect(normaliseMobile('010-12345678')).toBeUndefined();
  });

  it('mask the middle four digits', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone('123')).toBe('****');
  });
});
