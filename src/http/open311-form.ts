import { endOfChinaDay, parseW3cDatetime } from '../domain/china-time';
import { findService, serviceDefinition } from '../domain/open311/services';
import type { Open311Status } from '../domain/open311/status';
import { normaliseMobile } from '../domain/personal-data';
import { FieldProblem, ValidationFailed } from '../errors';
import type { Open311NewRequest, Open311Query } from '../services/open311/requests';

/**
 * GeoReport v2 speaks form fields, not JSON: these turn a POST's fields and a GET's query into
 * what the services take, naming the field in every problem (the spec's 400 descriptions).
 */
export type FormFields = Record<string, string | string[]>;

const MAX_DESCRIPTION = 4000;
const DAY_MS = 24 * 3600 * 1000;
export const MAX_RANGE_DAYS = 90;
// Tags, comments and declarations; a lone "<" or "a < b" in prose is not HTML.
const HTML = /<\s*\/?\s*[a-z!?][^>]*>|&(#\d+|#x[0-9a-f]+|[a-z]+);/i;
const EMAIL = /^[^\s@<>]{1,64}@[^\s@<>]+\.[^\s@<>]{2,}$/;
// Control characters other than line breaks and tabs have no place in text a person wrote.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** application/x-www-form-urlencoded into fields; a repeated name (or name[]) becomes a list. */
export function parseForm(body: string): FormFields {
  const fields: FormFields = Object.create(null) as FormFields;
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const key = rawKey.endsWith('[]') ? rawKey.slice(0, -2) : rawKey;
    const earlier = fields[key];
    if (earlier === undefined) fields[key] = rawKey.endsWith('[]') ? [value] : value;
    else fields[key] = Array.isArray(earlier) ? [...earlier, value] : [earlier, value];
  }
  return fields;
}

class Problems {
  readonly list: FieldProblem[] = [];
  add(field: string, rule: string, message: string): void {
    this.list.push({ field, rule, message });
  }
  throwIfAny(): void {
    if (this.list.length > 0) throw new ValidationFailed(this.list);
  }
}

function single(fields: FormFields, name: string, problems: Problems): string | undefined {
  const value = fields[name];
  if (value === undefined) return undefined;
  if (Array.isArray(value)) {
    problems.add(name, 'single', '只能填写一次');
    return undefined;
  }
  const trimmed = value.trim();
  if (CONTROL.test(trimmed)) {
    problems.add(name, 'control', '含有不可见的控制字符');
    return undefined;
  }
  return trimmed === '' ? undefined : trimmed;
}

function bounded(fields: FormFields, name: string, max: number, problems: Problems): string | undefined {
  const value = single(fields, name, problems);
  if (value !== undefined && [...value].length > max) {
    problems.add(name, 'maxLength', `不能超过 ${max} 个字符`);
    return undefined;
  }
  return value;
}

function coordinate(fields: FormFields, name: string, limit: number, problems: Problems): number | undefined {
  const text = single(fields, name, problems);
  if (text === undefined) return undefined;
  // Clients print doubles in full (39.90872819999999); anything longer than that is not a number.
  const value = /^[-+]?\d{1,3}(\.\d{1,20})?$/.test(text) ? Number(text) : NaN;
  if (!(Math.abs(value) <= limit)) {
    problems.add(name, 'range', `应为 -${limit} 到 ${limit} 之间的十进制数（WGS-84）`);
    return undefined;
  }
  return value;
}

/** The fields of POST requests; the api_key is checked before this, by the route. */
export function readNewRequest(fields: FormFields): Open311NewRequest {
  const problems = new Problems();
  const serviceCode = single(fields, 'service_code', problems);
  if (serviceCode === undefined) problems.add('service_code', 'isDefined', '必须填写服务代码（见服务列表 services）');
  else if (!findService(serviceCode)) problems.add('service_code', 'isIn', `没有服务代码 ${serviceCode}`);

  const lat = coordinate(fields, 'lat', 90, problems);
  const lng = coordinate(fields, 'long', 180, problems);
  if ((lat === undefined) !== (lng === undefined) && problems.list.every((p) => !['lat', 'long'].includes(p.field))) {
    problems.add(lat === undefined ? 'lat' : 'long', 'pair', '填写坐标时 lat 和 long 都需要');
  }
  const address = bounded(fields, 'address_string', 200, problems);
  const addressId = single(fields, 'address_id', problems);
  if (lat === undefined && lng === undefined && address === undefined) {
    if (addressId !== undefined) {
      problems.add('address_id', 'unsupported', '本系统没有地址编号库，请改填 address_string 或 lat/long');
    } else if (!problems.list.some((p) => ['lat', 'long', 'address_string'].includes(p.field))) {
      problems.add('location', 'isDefined', '必须提供位置：lat 和 long，或 address_string');
    }
  }

  const description = bounded(fields, 'description', MAX_DESCRIPTION, problems);
  if (description !== undefined && HTML.test(description)) {
    problems.add('description', 'noHtml', '只接受纯文字，不能包含 HTML 标签或实体');
  }
  if (description !== undefined && [...description].length < 2) {
    problems.add('description', 'minLength', '描述太短，至少 2 个字');
  }

  const email = bounded(fields, 'email', 254, problems);
  if (email !== undefined && !EMAIL.test(email)) problems.add('email', 'format', '邮箱格式不正确');
  const rawPhone = bounded(fields, 'phone', 30, problems);
  const phone = rawPhone === undefined ? undefined : normaliseMobile(rawPhone);
  if (rawPhone !== undefined && phone === undefined) problems.add('phone', 'format', '应为 11 位大陆手机号');
  // Chinese order: family name first.
  const name = [bounded(fields, 'last_name', 25, problems), bounded(fields, 'first_name', 25, problems)]
    .filter(Boolean)
    .join('');
  const mediaUrl = bounded(fields, 'media_url', 2000, problems);
  if (mediaUrl !== undefined && !isHttpUrl(mediaUrl)) problems.add('media_url', 'format', '应为 http 或 https 网址');

  const attributes = serviceCode && findService(serviceCode) ? readAttributes(fields, serviceCode, problems) : {};
  const accountId = bounded(fields, 'account_id', 100, problems);
  const deviceId = bounded(fields, 'device_id', 100, problems);
  problems.throwIfAny();
  return {
    serviceCode: serviceCode!,
    description,
    lat,
    lng,
    address,
    attributes,
    name: name || undefined,
    phone,
    email,
    mediaUrl,
    accountId,
    deviceId,
  };
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** attribute[code]=value pairs, checked against the service definition. */
function readAttributes(
  fields: FormFields,
  serviceCode: string,
  problems: Problems,
): Record<string, string | string[]> {
  const definition = serviceDefinition(serviceCode)!;
  const answers: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(fields)) {
    const match = /^attribute\[([^\]]*)\]$/.exec(key);
    if (!match) continue;
    const code = match[1]!;
    const field = `attribute[${code}]`;
    const attribute = definition.attributes.find((a) => a.code === code);
    if (!attribute) {
      problems.add(field, 'unknown', `服务 ${serviceCode} 没有这个属性（见服务定义 services/${serviceCode}）`);
      continue;
    }
    const values = (Array.isArray(value) ? value : [value]).map((v) => v.trim()).filter((v) => v !== '');
    if (values.length === 0) continue;
    if (attribute.datatype === 'singlevaluelist' || attribute.datatype === 'multivaluelist') {
      const keys = attribute.values?.map((v) => v.key) ?? [];
      const unknown = values.find((v) => !keys.includes(v));
      if (unknown !== undefined) problems.add(field, 'isIn', `应为 ${keys.join('、')} 之一`);
      else if (attribute.datatype === 'singlevaluelist' && values.length > 1)
        problems.add(field, 'single', '只能选一项');
      else answers[code] = attribute.datatype === 'multivaluelist' ? values : values[0]!;
    } else if (values.length > 1) {
      problems.add(field, 'single', '只能填写一次');
    } else if (HTML.test(values[0]!) || CONTROL.test(values[0]!) || [...values[0]!].length > 100) {
      problems.add(field, 'format', '应为不超过 100 字的纯文字');
    } else {
      answers[code] = values[0]!;
    }
  }
  for (const attribute of definition.attributes) {
    if (attribute.required && answers[attribute.code] === undefined) {
      problems.add(`attribute[${attribute.code}]`, 'isDefined', `必须回答：${attribute.description}`);
    }
  }
  return answers;
}

function list(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  return text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** The filters of GET requests. Without dates, the last 90 days; a range may not span more. */
export function readRequestQuery(fields: FormFields, now: Date): Open311Query {
  const problems = new Problems();
  const ids = list(single(fields, 'service_request_id', problems));
  if (ids) {
    if (
      ids.length === 0 ||
      ids.length > 100 ||
      ids.some((id) => !/^[1-9]\d{0,9}$/.test(id) || Number(id) > 2147483647)
    ) {
      problems.add('service_request_id', 'format', '应为逗号分隔的请求编号（正整数），一次最多 100 个');
    }
    problems.throwIfAny();
    // The spec: with ids, the other filters are ignored.
    return { ids: ids.map(Number), from: now, to: now };
  }
  const serviceCodes = list(single(fields, 'service_code', problems));
  const unknown = serviceCodes?.find((code) => !findService(code));
  if (unknown !== undefined) problems.add('service_code', 'isIn', `没有服务代码 ${unknown}`);
  const statuses = list(single(fields, 'status', problems));
  if (statuses?.some((s) => s !== 'open' && s !== 'closed'))
    problems.add('status', 'isIn', '应为 open、closed 或 open,closed');

  const startText = single(fields, 'start_date', problems);
  const endText = single(fields, 'end_date', problems);
  const start = startText === undefined ? undefined : parseW3cDatetime(startText);
  const end = endText === undefined ? undefined : parseW3cDatetime(endText);
  if (startText !== undefined && !start)
    problems.add('start_date', 'format', '应为 W3C 日期时间，如 2026-12-01T00:00:00+08:00');
  if (endText !== undefined && !end)
    problems.add('end_date', 'format', '应为 W3C 日期时间，如 2026-12-31T23:59:59+08:00');
  problems.throwIfAny();

  const span = MAX_RANGE_DAYS * DAY_MS;
  // A given end is inclusive: a request made at exactly that instant is in the range, and a bare
  // date takes in the whole of that Beijing day.
  const endOf = (instant: Date, text: string) =>
    text.length === 10 ? endOfChinaDay(text) : new Date(instant.getTime() + 1);
  const to = end ? endOf(end, endText!) : start ? new Date(start.getTime() + span) : new Date(now.getTime() + 1);
  const from = start ?? new Date(to.getTime() - span);
  if (from.getTime() >= to.getTime()) problems.add('end_date', 'order', 'end_date 不能早于 start_date');
  else if (to.getTime() - from.getTime() > span + 1) {
    problems.add('end_date', 'range', `start_date 到 end_date 不能超过 ${MAX_RANGE_DAYS} 天`);
  }
  problems.throwIfAny();
  return {
    serviceCodes,
    statuses: statuses as Open311Status[] | undefined,
    from,
    to,
  };
}
