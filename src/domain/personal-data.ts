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

// Digits written with spaces or dashes between them still count, in ASCII or full width; a digit
// run touching more digits is some other number (an order or a house number) and is left alone.
const D = '[0-9０-９]';
const MOBILE_IN_TEXT = new RegExp(
  `(?<!${D})(?:[+＋]?[8８][6６][\\s-]?)?[1１][3-9３-９]${D}(?:[\\s-]?${D}){8}(?!${D})`,
  'g',
);
const ID_CARD_IN_TEXT = new RegExp(`(?<![0-9０-９A-Za-z])${D}{17}[0-9０-９XxＸｘ](?![0-9０-９A-Za-z])`, 'g');
const LANDLINE_IN_TEXT = new RegExp(`(?<!${D})[0０]${D}{2,3}[\\s-]?${D}{7,8}(?!${D})`, 'g');
const EMAIL_IN_TEXT = /[\w.+-]+[@＠][\w-]+(?:\.[\w-]+)+/g;
const WECHAT_ID_IN_TEXT = /(微信号?|vx|wx|wechat)\s*[:：]?\s*[A-Za-z][-_A-Za-z0-9]{5,19}/gi;
const QQ_IN_TEXT = new RegExp(`(qq号?|ＱＱ号?)\\s*[:：]?\\s*${D}{5,11}`, 'gi');
// A name given as such ("我叫张伟", "姓名：张伟"); names in other sentences cannot be told apart.
const NAME_IN_TEXT = /(我叫|本人叫|姓名\s*[:：]|联系人\s*[:：])\s*[\u4e00-\u9fa5·]{2,4}/g;
// A tracking code lets its holder rate a report, so one quoted in a note is no one else's business.
const TRACKING_CODE_IN_TEXT = /(?<![A-Z0-9])[34679ACDEFGHJKMNPQRTWXY]{5}-[34679ACDEFGHJKMNPQRTWXY]{5}(?![A-Z0-9])/g;

function asciiDigits(text: string): string {
  return text.replace(/[０-９]/g, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xfee0));
}

/**
 * What residents write sometimes carries their own or a neighbour's phone, ID number, email,
 * WeChat or QQ id, or name, and staff notes may quote a tracking code. Text shown to people other
 * than the staff on the case goes through this first.
 */
export function redactPersonalData(text: string): string {
  return text
    .replace(ID_CARD_IN_TEXT, '[身份证号已隐去]')
    .replace(MOBILE_IN_TEXT, (match) => {
      const digits = asciiDigits(match)
        .replace(/\D/g, '')
        .replace(/^86(?=1\d{10}$)/, '');
      return maskPhone(digits);
    })
    .replace(LANDLINE_IN_TEXT, '[电话已隐去]')
    .replace(EMAIL_IN_TEXT, '[邮箱已隐去]')
    .replace(WECHAT_ID_IN_TEXT, (_match, label: string) => `${label}[已隐去]`)
    .replace(QQ_IN_TEXT, (_match, label: string) => `${label}[已隐去]`)
    .replace(NAME_IN_TEXT, (_match, label: string) => `${label}[姓名已隐去]`)
    .replace(TRACKING_CODE_IN_TEXT, '[编号已隐去]');
}

/** wang.xiaoming@example.com → w***@example.com */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}
