/** Mainland China mobile numbers: 11 digits starting 13–19. */
export const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;

/** Accepts +86, spaces and dashes the way people write numbers; returns 11 digits or undefined. */
export function normaliseMobile(input: string): string | undefined {
  const digits = input
    .normalize('NFKC')
    .replace(/[\s\-()]/g, '')
    .replace(/^(\+?86)(?=1\d{10}$)/, '');
  return MAINLAND_MOBILE.test(digits) ? digits : undefined;
}

/** 13812341234 → 138****1234; anything shorter is hidden entirely. */
export function maskPhone(phone: string): string {
  if (phone.length < 7) return '****';
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

// Digits written with spaces or dashes between them still count; a digit run touching more
// digits is some other number (an order or a house number) and is left alone.
const MOBILE_IN_TEXT = /(?<!\d)(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d){8}(?!\d)/g;
const ID_CARD_IN_TEXT = /(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g;
const LANDLINE_IN_TEXT = /(?<!\d)0\d{2,3}[\s-]?\d{7,8}(?!\d)/g;
const EMAIL_IN_TEXT = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
const WECHAT_ID_IN_TEXT = /(微信号?|vx|wx|wechat)\s*[:：]?\s*[A-Za-z][-_A-Za-z0-9]{5,19}/gi;

/**
 * What residents write sometimes carries their own or a neighbour's phone, ID number, email or
 * WeChat id. Text shown to people other than the staff on the case goes through this first.
 */
export function redactPersonalData(text: string): string {
  return text
    .replace(ID_CARD_IN_TEXT, '[身份证号已隐去]')
    .replace(MOBILE_IN_TEXT, (match) => {
      const digits = match.replace(/\D/g, '').replace(/^86(?=1\d{10}$)/, '');
      return maskPhone(digits);
    })
    .replace(LANDLINE_IN_TEXT, '[电话已隐去]')
    .replace(EMAIL_IN_TEXT, '[邮箱已隐去]')
    .replace(WECHAT_ID_IN_TEXT, (_match, label: string) => `${label}[已隐去]`);
}

/** wang.xiaoming@example.com → w***@example.com */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}
