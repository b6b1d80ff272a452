import { maskPhone, normaliseMobile, redactPersonalData } from '../../src/domain/personal-data';

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

describe('personal data in free text', () => {
  it('masks mobiles however they are written, and hides ID numbers, landlines, emails and WeChat ids', () => {
    expect(redactPersonalData('有事打我电话13812341234谢谢')).toBe('有事打我电话138****1234谢谢');
    expect(redactPersonalData('联系 +86 138-1234-1234')).toBe('联系 138****1234');
    expect(redactPersonalData('身份证 11010519491231002X 的人')).toBe('身份证 [身份证号已隐去] 的人');
    expect(redactPersonalData('物业电话 010-62345678')).toBe('物业电话 [电话已隐去]');
    expect(redactPersonalData('发到 zhang.san@example.com')).toBe('发到 [邮箱已隐去]');
    expect(redactPersonalData('加微信：zhangsan_88 联系')).toBe('加微信[已隐去] 联系');
  });

  it('leaves other numbers and ordinary text alone', () => {
    expect(redactPersonalData('幸福路12号3单元502门口垃圾满了')).toBe('幸福路12号3单元502门口垃圾满了');
    expect(redactPersonalData('订单号 2024113012345678901')).toBe('订单号 2024113012345678901');
    expect(redactPersonalData('共有 138 辆车')).toBe('共有 138 辆车');
  });
});

describe('personal data in free text, written other ways', () => {
  it('masks full-width digits, QQ numbers, names given as such and tracking codes', () => {
    expect(redactPersonalData('电话１３８１２３４５６７８')).toBe('电话138****5678');
    expect(redactPersonalData('ＱＱ：１２３４５６７８９ 或 qq 987654321')).toBe('ＱＱ[已隐去] 或 qq[已隐去]');
    expect(redactPersonalData('我叫张伟，住三楼；联系人：李四')).toBe('我叫[姓名已隐去]，住三楼；联系人：[姓名已隐去]');
    expect(redactPersonalData('与反映 7KQ4M-XR9TE 合并办理')).toBe('与反映 [编号已隐去] 合并办理');
  });
});
