import { createWriteStream } from 'node:fs';
import fc from 'fast-check';
import type { HTTPMethods, LightMyRequestResponse } from 'fastify';
import { Submission } from '../../src/db/entities';
import { performAction } from '../../src/services/perform-action';
import { expectValid, georeport } from '../open311/georeport-v2-schemas';
import { parseGeoReportXml } from '../open311/xml';
import { multipart, tinyPng } from '../support/images';
import { queueReply } from '../support/outbox';
import { fileReport } from '../support/reports';
import { StaffRequestParts, staffSession } from '../support/staff-session';
import { TestApp, createTestApp } from '../support/test-app';

/**
 * Property-based fuzzing of every endpoint a visitor without a staff session can reach: hostile
 * bodies, queries, path segments and headers must be answered 2xx (when they happen to be valid)
 * or 4xx with the documented error body — never 5xx. fast-check prints the seed and the shrunk
 * counterexample of a failing property; pass it back with `{ seed, path }` to replay it.
 */

const TOKEN = 'fuzz-channel-token-0123456789abcdef';
const BEARER = `Bearer ${TOKEN}`;
const ENV = {
  SUBMISSION_RATE_LIMIT_MAX: '1000000',
  TRACKING_RATE_LIMIT_MAX: '1000000',
  PHOTO_RATE_LIMIT_MAX: '1000000',
  OPEN311_RATE_LIMIT_MAX: '1000000',
  CHANNEL_SERVICE_TOKEN: TOKEN,
  UPLOAD_MAX_BYTES: '200000',
};
const VALID_CONTENT = '幸福路菜市场门口的垃圾桶满了好几天，没人清运';

// Taken before the app exists, so anything a request adds to the prototypes shows at the end.
const PROTOTYPES = { Object: Object.prototype, Array: Array.prototype, Function: Function.prototype };
const prototypeSnapshot = () =>
  Object.fromEntries(
    Object.entries(PROTOTYPES).map(([name, proto]) => [
      name,
      Reflect.ownKeys(proto).map((key) => [String(key), Object.getOwnPropertyDescriptor(proto, key)?.value]),
    ]),
  );
const PROTOTYPES_BEFORE = prototypeSnapshot();

// ---------------------------------------------------------------------------------------------
// Hostile values

const DEPTH = 10_000;
const DEEP_ARRAY = '['.repeat(DEPTH) + ']'.repeat(DEPTH);
// Six bytes a level: 60 kB, just under the default 64 KiB body limit, so it reaches the parser.
const DEEP_OBJECT = '{"a":'.repeat(DEPTH) + '1' + '}'.repeat(DEPTH);
const DEEP_MIXED = '[{"a":'.repeat(DEPTH / 2) + '1' + '}]'.repeat(DEPTH / 2);
const HUGE = 'x'.repeat(100_000);

const SQL = ["' OR 1=1 --", "'; DROP TABLE submission; --", '" OR ""="', "1'; SELECT pg_sleep(5); --", '%', '_', '\\'];
const SCRIPT = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  'javascript:alert(1)',
  '{{7*7}}',
  '${7*7}',
  '&lt;b&gt;',
];
const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];
const NUMBER_LIKE = [
  'NaN',
  'Infinity',
  '-Infinity',
  '1e400',
  '-1e400',
  '1e-400',
  '-0',
  '0x1F',
  '0b11',
  '1_000',
  '9007199254740993',
  '2147483648',
  '-2147483649',
  '99999999999999999999999999999',
  ' 7 ',
  '',
  'null',
  'undefined',
  'true',
];
const ODD_TEXT = [
  '',
  ' ',
  '\u0000',
  '垃圾\u0000桶',
  '\u0000'.repeat(50),
  '\ud800',
  '\udfff',
  'a\ud83d',
  '\udc00\ud800',
  '\ufeff',
  '\u202e',
  '\ufffe\uffff',
  '\r\n\t\v\f',
  '../../../../etc/passwd',
  '%00',
  '%ZZ',
  'Ω≈ç√∫˜µ≤≥÷',
  '👍🏽‍♀️',
  '脏'.repeat(2001),
  HUGE,
  '脏'.repeat(40_000),
];

/** Strings of the sort that break parsers, validators, databases and pages. */
const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...SQL, ...SCRIPT, ...POLLUTION_KEYS, ...NUMBER_LIKE, ...ODD_TEXT) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 40 }) },
  {
    weight: 2,
    arbitrary: fc
      .array(
        fc.constantFrom(
          '\ud800',
          '\udc00',
          '\u0000',
          'a',
          '脏',
          '<',
          '>',
          "'",
          '"',
          '&',
          '\\',
          '%',
          ' ',
          VALID_CONTENT,
        ),
        {
          maxLength: 12,
        },
      )
      .map((parts) => parts.join('')),
  },
);

/** Keys for extra fields: prototype pollution first among them. */
const hostileKey: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...POLLUTION_KEYS, 'polluted', 'isAdmin', 'status', 'id', 'a.b', 'a[b]') },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: hostileString.filter((key) => key.length < 200) },
);

/** A JSON value as text, so it can carry what JSON.stringify would not write: 1e400, duplicate keys, `__proto__`. */
const jsonLeaf: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: hostileString.map((value) => JSON.stringify(value)) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'null',
      'true',
      'false',
      '0',
      '-0',
      '1',
      '-1',
      '1.5',
      '1e400',
      '-1e400',
      '1e-400',
      '9007199254740993',
      '2147483647',
      '2147483648',
      '-2147483649',
      `1${'0'.repeat(400)}`,
      `0.${'0'.repeat(400)}1`,
    ),
  },
  { weight: 1, arbitrary: fc.double().map((value) => JSON.stringify(value)) },
  { weight: 1, arbitrary: fc.integer().map(String) },
);
const { json: jsonText } = fc.letrec<{ json: string; array: string; object: string }>((tie) => ({
  json: fc.oneof({ depthSize: 'small', withCrossShrink: true }, jsonLeaf, tie('array'), tie('object')),
  array: fc.array(tie('json'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
  object: fc
    .array(fc.tuple(hostileKey, tie('json')), { maxLength: 4 })
    .map((entries) => `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`),
}));

const POLLUTING_BODIES = [
  '{"__proto__":{"polluted":"yes"}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  `{"content":${JSON.stringify(VALID_CONTENT)},"channel":"web","location":{"__proto__":{"polluted":"yes"}}}`,
  `{"content":${JSON.stringify(VALID_CONTENT)},"channel":"web","constructor":{"prototype":{"polluted":"yes"}}}`,
  '[{"__proto__":{"polluted":"yes"}}]',
];

/** Whole request bodies: JSON, broken JSON, nesting 10,000 deep, bytes that are not UTF-8. */
const rawBody: fc.Arbitrary<string | Buffer> = fc.oneof(
  { weight: 4, arbitrary: jsonText },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      DEEP_ARRAY,
      DEEP_OBJECT,
      DEEP_MIXED,
      `{"content":${JSON.stringify(VALID_CONTENT)},"channel":"web","location":${DEEP_OBJECT}}`,
      `{"x":${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}}`,
      `{"text":"垃圾","address":${DEEP_ARRAY}}`,
      '['.repeat(100_000),
      '',
      ' ',
      'null',
      '"text"',
      '[]',
      '{}',
      '{',
      '{"a":',
      '{"a":1,}',
      "{'a':1}",
      'NaN',
      '1e400',
      '\ufeff{}',
      `"${HUGE}"`,
      'content=垃圾&channel=web',
      ...POLLUTING_BODIES,
    ),
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)) },
  {
    weight: 2,
    arbitrary: fc
      .uint8Array({ minLength: 1, maxLength: 24 })
      .map((bytes) =>
        Buffer.concat([
          Buffer.from('{"content":"垃圾'),
          Buffer.from([0xff, 0xc3, 0x28, 0xed, 0xa0, 0x80]),
          Buffer.from(bytes),
          Buffer.from(`","channel":"web","text":"x","username":"u","password":"p","rating":3,"error":"e","id":"i"}`),
        ]),
      ),
  },
);

const CONTENT_TYPES = [
  'application/json; charset=utf-8',
  'application/json; charset=utf-16le',
  'application/json; charset=iso-8859-1',
  'application/json;charset="UTF-8"',
  'APPLICATION/JSON',
  'application/json ; foo=bar',
  'application/json;;',
  'application/jsonx',
  'application/vnd.api+json',
  'application/problem+json',
  'text/json',
  'text/plain',
  'text/plain; charset=utf-8',
  'text/html',
  'text/xml',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'multipart/form-data; boundary=',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  '*/*',
  ' ',
  ';',
  'application/',
  '/json',
  'application/json\u00ff',
  '\u00ff/\u00ff',
  `application/json; ${'a'.repeat(5000)}`,
];
const contentType: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constant('application/json') },
  { weight: 2, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
);

/** What a header can carry on the wire: tab, printable ASCII and bytes read as Latin-1. */
const headerChar = fc.oneof(
  fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
  fc.integer({ min: 0x80, max: 0xff }).map((code) => String.fromCharCode(code)),
  fc.constant('\t'),
);
const headerText = fc.string({ unit: headerChar, maxLength: 60 });
const wireSafe = (text: string) => text.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?');

const hostileHeaders: fc.Arbitrary<Record<string, string>> = fc.record(
  {
    authorization: fc.oneof(
      headerText,
      fc.constantFrom(
        'Bearer',
        'Bearer ',
        'Bearer  ',
        BEARER,
        `Bearer ${TOKEN} `,
        `bearer ${TOKEN}`,
        `Bearer ${TOKEN}x`,
        `Bearer ${'x'.repeat(10_000)}`,
        'Basic Zm9vOmJhcg==',
        'Basic',
        `Bearer ${SQL[0]}`,
        'Bearer %00',
      ),
    ),
    cookie: fc.oneof(
      headerText,
      headerText.map((value) => `cc_session=${value}`),
      fc.constantFrom(
        'cc_session=',
        'cc_session=%ZZ',
        'cc_session=%E0%A4%A',
        'cc_session="unterminated',
        '=;=;;',
        '__proto__=1; constructor=2',
        'cc_session=a; cc_session=b',
        `cc_session=${'x'.repeat(8000)}`,
        `cc_session=${wireSafe(SQL[1]!)}`,
      ),
    ),
    'idempotency-key': fc.oneof(
      headerText,
      fc.stringMatching(/^[\x21-\x7e]{16,40}$/),
      // One fixed valid key, so some requests reuse it with another body (422).
      fc.constantFrom(
        'fuzz-idempotency-key-0001',
        '',
        ' ',
        'x'.repeat(201),
        'has space in the key 123',
        'ключ-ключ-ключ-ключ',
      ),
    ),
    accept: fc.oneof(headerText, fc.constantFrom('*/*', 'text/html', 'application/xml', 'image/*', '')),
    'accept-language': headerText,
    'x-forwarded-for': fc.oneof(headerText, fc.constantFrom('127.0.0.1', '::1, 10.0.0.1', 'unknown')),
    'x-csrf-token': headerText,
    'user-agent': fc.oneof(headerText, fc.constant(`${'A'.repeat(8000)}`)),
    'content-length': fc.constantFrom('0', '1', '-1', '99999999999', 'abc'),
    host: fc.oneof(headerText, fc.constantFrom('evil.example', '[::1]:80', 'localhost:99999', 'a b', '')),
  },
  { requiredKeys: [] },
);

// ---------------------------------------------------------------------------------------------
// URLs

const hex = (byte: number) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;

/**
 * Percent-encodes everything outside the unreserved set. A lone surrogate goes out as its
 * three-byte form, which is not UTF-8: what a hostile client can put on the wire.
 */
function encode(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (/^[A-Za-z0-9\-_.~]$/.test(char)) out += char;
    else if (code >= 0xd800 && code <= 0xdfff)
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map(hex).join('');
    else out += [...Buffer.from(char, 'utf8')].map(hex).join('');
  }
  return out;
}

/** Broken escapes sent as they are. */
const RAW_SEGMENTS = [
  '%',
  '%0',
  '%ZZ',
  '%00',
  '%ED%A0%80',
  '%C0%AE',
  '%FF%FE',
  '%2F',
  '%2e%2e',
  '..',
  '.',
  '%25',
  '%u0041',
];
const pathSegment: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: hostileString.filter((text) => text.length > 0 && text.length <= 20_000).map(encode) },
  { weight: 1, arbitrary: fc.constantFrom(...RAW_SEGMENTS) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '1',
      '0',
      '-1',
      '2147483647',
      '2147483648',
      '1e3',
      '0x10',
      '7KQ4M-XR9TE',
      'xml',
      'json',
      '-'.repeat(36),
      'ffffffff-ffff-ffff-ffff-ffffffffffff',
      'x'.repeat(101),
    ),
  },
);

type QueryPair = readonly [string, string];
const queryPair = (keys: fc.Arbitrary<string>): fc.Arbitrary<QueryPair> =>
  fc.tuple(
    keys,
    hostileString.filter((text) => text.length <= 20_000),
  );

function queryString(pairs: readonly QueryPair[], raw: readonly string[] = []): string {
  const parts = [...pairs.map(([key, value]) => `${encode(key)}=${encode(value)}`), ...raw];
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

const RAW_QUERY_PARTS = [
  '%ZZ=1',
  'a=%ED%A0%80',
  '__proto__[polluted]=yes',
  '__proto__.polluted=yes',
  'constructor[prototype][polluted]=yes',
  'a[__proto__][polluted]=yes',
  '&&&',
  '=',
  '==',
  'a',
  `${'a['.repeat(200)}${']'.repeat(200)}=1`,
];
const rawQueryParts = fc.array(fc.constantFrom(...RAW_QUERY_PARTS), { maxLength: 3 });

// ---------------------------------------------------------------------------------------------
// Requests and what the answers must look like

interface Req {
  readonly method: HTTPMethods;
  readonly url: string;
  readonly headers?: Record<string, string>;
  readonly payload?: string | Buffer;
  readonly remoteAddress?: string;
}

function show(req: Req): string {
  const payload =
    req.payload === undefined
      ? ''
      : Buffer.isBuffer(req.payload)
        ? ` <${req.payload.length} bytes: ${req.payload.subarray(0, 120).toString('hex')}>`
        : ` ${JSON.stringify(req.payload.slice(0, 300))}${req.payload.length > 300 ? `…(${req.payload.length})` : ''}`;
  return `${req.method} ${req.url.slice(0, 300)} ${JSON.stringify(req.headers ?? {}).slice(0, 400)}${payload}`;
}

function fail(req: Req, res: LightMyRequestResponse, why: string): never {
  throw new Error(`${why}\n  request: ${show(req)}\n  answer: ${res.statusCode} ${res.body.slice(0, 600)}`);
}

interface FieldProblemJson {
  field: string;
  rule: string;
  message: string;
}

/** Which field names count as "naming the field" that was broken. */
type Related = (field: string) => boolean;

/** Field `f` is about path `p` when one contains the other (`location` and `location.lat`). */
const samePath = (f: string, p: string) => f === p || f.startsWith(`${p}.`) || p.startsWith(`${f}.`);

/** The project's error body: `{ error: { code, message, messageEn, requestId, fields? } }`. */
function checkErrorBody(req: Req, res: LightMyRequestResponse, related?: Related): void {
  if (!String(res.headers['content-type']).startsWith('application/json')) fail(req, res, 'error is not JSON');
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    fail(req, res, 'error body does not parse');
  }
  if (typeof body !== 'object' || body === null || Object.keys(body).join() !== 'error') {
    fail(req, res, 'error body is not { error }');
  }
  const error = (body as { error: Record<string, unknown> }).error;
  const extra = Object.keys(error).filter(
    (key) => !['code', 'message', 'messageEn', 'requestId', 'fields'].includes(key),
  );
  if (extra.length > 0) fail(req, res, `error body has extra keys ${extra.join()}`);
  for (const key of ['code', 'message', 'messageEn', 'requestId']) {
    if (typeof error[key] !== 'string' || error[key] === '') fail(req, res, `error.${key} is not a non-empty string`);
  }
  if (!/^[a-z_]+$/.test(error.code as string)) fail(req, res, 'error.code is not a snake_case code');
  if (error.fields !== undefined) {
    const fields = error.fields as FieldProblemJson[];
    if (!Array.isArray(fields)) fail(req, res, 'error.fields is not a list');
    for (const problem of fields) {
      if (typeof problem.field !== 'string' || typeof problem.rule !== 'string' || typeof problem.message !== 'string')
        fail(req, res, 'a field problem is not {field, rule, message}');
    }
  }
  if (res.statusCode === 400 && error.code === 'validation_failed') {
    const fields = error.fields as FieldProblemJson[] | undefined;
    if (!fields || fields.length === 0) fail(req, res, '400 validation_failed without fields');
    if (related && !fields.some((problem) => related(problem.field)))
      fail(req, res, 'the 400 does not name the field that was broken');
  }
}

/** A JSON API answer: 2xx, or 4xx with the project's error body. */
function checkApi(req: Req, res: LightMyRequestResponse, related?: Related): void {
  if (res.statusCode >= 500) fail(req, res, 'server error');
  if (res.statusCode >= 300 && res.statusCode < 400) fail(req, res, 'unexpected redirect from the API');
  if (res.statusCode >= 400) checkErrorBody(req, res, related);
}

/** A resident page: HTML (or a redirect), or for JSON-speaking failures the project's error body. */
function checkPage(req: Req, res: LightMyRequestResponse): void {
  if (res.statusCode >= 500) fail(req, res, 'server error');
  if (res.statusCode >= 400) {
    const type = String(res.headers['content-type']);
    if (type.startsWith('application/json')) checkErrorBody(req, res);
    else if (!type.startsWith('text/html')) fail(req, res, `page error answered as ${type}`);
  }
}

/** GeoReport v2: errors are `[{code, description}]`, as JSON or XML by the path's extension. */
function checkOpen311(req: Req, res: LightMyRequestResponse, related?: (described: string) => boolean): void {
  if (res.statusCode >= 500) fail(req, res, 'server error');
  if (res.statusCode < 400) return;
  const xml = /\.xml$/.test(req.url.split('?')[0]!);
  let errors: { code: string | number; description: string }[];
  if (xml) {
    if (!String(res.headers['content-type']).startsWith('text/xml')) fail(req, res, 'XML error is not text/xml');
    let parsed: ReturnType<typeof parseGeoReportXml>;
    try {
      parsed = parseGeoReportXml(res.body);
    } catch (error) {
      fail(req, res, `XML error body: ${(error as Error).message}`);
    }
    if (parsed.root !== 'errors' || !Array.isArray(parsed.data)) fail(req, res, 'XML error root is not <errors>');
    errors = parsed.data as unknown as typeof errors;
  } else {
    if (!String(res.headers['content-type']).startsWith('application/json')) fail(req, res, 'error is not JSON');
    try {
      errors = JSON.parse(res.body) as typeof errors;
      expectValid(georeport.errors, errors);
    } catch (error) {
      fail(req, res, `not the GeoReport v2 error list: ${(error as Error).message}`);
    }
  }
  if (errors.length === 0) fail(req, res, 'empty error list');
  for (const error of errors) {
    if (String(error.code) !== String(res.statusCode)) fail(req, res, 'error code is not the HTTP status');
    if (typeof error.description !== 'string' || error.description === '') fail(req, res, 'no description');
  }
  if (res.statusCode === 400 && related && !errors.some((error) => related(error.description)))
    fail(req, res, 'the 400 does not name the field that was broken');
}

/** Long runs (10,000 brackets, 100,000 x's) shortened, so a counterexample stays readable. */
const abbreviate = (text: string) =>
  text.replace(/([^]{1,6}?)\1{40,}/g, (run, unit: string) => `${unit}…(×${run.length / unit.length})`);

/** fc.assert, with the report of a failure abbreviated; fast-check puts the seed and path in it. */
async function check<Ts extends [unknown, ...unknown[]]>(
  property: fc.IAsyncProperty<Ts>,
  parameters: fc.Parameters<Ts>,
): Promise<void> {
  try {
    await fc.assert(property, parameters);
  } catch (error) {
    if (error instanceof Error) error.message = abbreviate(error.message);
    throw error;
  }
}

type Kind = 'api' | 'page' | 'open311';

/** The path a request reaches once the URL parser has resolved `..` and `%2e%2e` segments. */
const landsIn = (url: string) => new URL(url, 'http://localhost').pathname;

/** Checks an answer by the part of the site the request actually landed in. */
function checkAnswer(req: Req, res: LightMyRequestResponse, kind: Kind): void {
  if (landsIn(req.url).startsWith('/open311/v2/')) checkOpen311(req, res);
  else if (kind === 'open311') checkPage(req, res);
  else if (kind === 'api') checkApi(req, res);
  else checkPage(req, res);
}

/** `FUZZ_SCALE=20 npx jest test/http/fuzz-public-endpoints.test.ts` fuzzes twenty times as long. */
const SCALE = Number(process.env.FUZZ_SCALE) > 0 ? Number(process.env.FUZZ_SCALE) : 1;
const runs = (numRuns: number) => ({ numRuns: Math.ceil(numRuns * SCALE) });
/** Each property takes a few seconds; the default 30 s of jest is too tight on a busy machine. */
const PROPERTY_TIMEOUT = 60_000 * SCALE;

describe('fuzzing the public endpoints: hostile input gets a 4xx with the error body, never a 5xx', () => {
  let t: TestApp;
  let admin: StaffRequestParts;
  let apiKey: string;
  /** A report just filed, and one the department has resolved (so it can be rated). */
  let submittedCode: string;
  let resolvedCode: string;
  let addressCounter = 0;
  let wechatMessageId = '1';

  beforeAll(async () => {
    // FUZZ_LOG=/tmp/fuzz.log keeps the server's error log (stack traces of any 5xx) for a failing run.
    const log = process.env.FUZZ_LOG;
    t = await createTestApp(
      log ? { ...ENV, LOG_LEVEL: 'error' } : ENV,
      log ? { logStream: createWriteStream(log, { flags: 'a' }) } : {},
    );
    admin = await staffSession(t, 'fuzz-admin', 'admin', null);
    const issued = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/open311-clients',
      payload: { name: '模糊测试客户端', contact: '测试 010-12345678' },
      ...admin,
    });
    expect(issued.statusCode).toBe(201);
    apiKey = issued.json().apiKey as string;
    submittedCode = (await fileReport(t, VALID_CONTENT)).trackingCode;
    const resolved = await fileReport(t, '光明路人行道上的井盖破了一个大洞，晚上很危险');
    resolvedCode = resolved.trackingCode;
    const department = { role: 'department' as const, type: 'staff' as const, label: '承办单位', staffId: null };
    const deps = { dataSource: t.dataSource, now: () => new Date() };
    await performAction(deps, { submissionId: resolved.id, action: 'accept', actor: department });
    await performAction(deps, { submissionId: resolved.id, action: 'resolve', actor: department, note: '已修复' });
    // A WeChat resident with an update waiting, so the channel API's writes have a row to work on.
    const wechat = await t.app.inject({
      method: 'POST',
      url: '/api/v1/submissions',
      headers: { authorization: BEARER },
      payload: { content: '和平街路灯坏了一个星期，晚上漆黑一片', channel: 'wechat', submitter: { id: 'wxid_fuzz' } },
    });
    expect(wechat.statusCode).toBe(201);
    const [row] = (await t.dataSource.query('SELECT id FROM submission WHERE tracking_code = $1', [
      wechat.json().trackingCode,
    ])) as { id: number }[];
    await queueReply(t, row!.id, '已报修');
    const [message] = (await t.dataSource.query(`SELECT id FROM outbox_message WHERE recipient = 'wxid_fuzz'`)) as {
      id: number;
    }[];
    wechatMessageId = String(message!.id);
  }, 60_000);
  afterAll(() => t?.close());

  const send = (req: Req) =>
    t.app.inject({
      method: req.method,
      url: req.url,
      headers: req.headers,
      ...(req.payload !== undefined ? { payload: req.payload } : {}),
      ...(req.remoteAddress ? { remoteAddress: req.remoteAddress } : {}),
    });
  /**
   * The login route allows 20 tries a minute per address and the limit is not configurable, so
   * each login attempt comes from an address of its own, or 429s would hide every other answer.
   */
  const freshAddress = () => {
    addressCounter += 1;
    return `10.${(addressCounter >> 16) & 255}.${(addressCounter >> 8) & 255}.${addressCounter & 255}`;
  };
  const codes = () => fc.constantFrom(submittedCode, resolvedCode, submittedCode.toLowerCase().replace('-', ''));

  // -------------------------------------------------------------------------------------------
  // POST /api/v1/submissions, field by field

  const SUBMISSION_PATHS = [
    'content',
    'channel',
    'location',
    'location.address',
    'location.lat',
    'location.lng',
    'contact',
    'contact.name',
    'contact.phone',
    'anonymous',
    'notifyBySms',
    'photoIds',
    'followsId',
    'submitter',
    'submitter.id',
    'submitter.handle',
  ] as const;
  /** Rules that look at two fields name either. */
  const CROSS_FIELD: ReadonlyMap<string, readonly string[]> = new Map(
    Object.entries({
      anonymous: ['contact'],
      contact: ['anonymous', 'notifyBySms'],
      'contact.phone': ['notifyBySms'],
      'contact.name': ['anonymous'],
      notifyBySms: ['contact.phone', 'contact'],
      'location.lat': ['location.lng'],
      'location.lng': ['location.lat'],
    }),
  );
  /**
   * The broken paths, the fields they are checked with, and for a nested path its parent: sending
   * `submitter.handle` alone creates a `submitter` without its required `id`.
   */
  const relatedTo =
    (paths: readonly string[]): Related =>
    (field) =>
      paths.some((path) =>
        [path, ...(CROSS_FIELD.get(path) ?? []), ...(path.includes('.') ? [path.split('.')[0]!] : [])].some((other) =>
          samePath(field, other),
        ),
      );

  /** A JSON object's text from top-level fields and `parent.child` fields, each value already JSON. */
  function objectText(base: Record<string, string>, changes: readonly (readonly [string, string])[]): string {
    const top = new Map<string, string | Map<string, string>>(Object.entries(base));
    for (const [path, value] of changes) {
      const dot = path.indexOf('.');
      if (dot === -1) {
        top.set(path, value);
        continue;
      }
      const parent = path.slice(0, dot);
      const current = top.get(parent);
      const nested = current instanceof Map ? current : new Map<string, string>();
      nested.set(path.slice(dot + 1), value);
      top.set(parent, nested);
    }
    const write = (entries: Map<string, string | Map<string, string>>): string =>
      `{${[...entries]
        .map(([key, value]) => `${JSON.stringify(key)}:${value instanceof Map ? write(value) : value}`)
        .join(',')}}`;
    return write(top);
  }

  it(
    'POST /api/v1/submissions: hostile field values and extra keys, with odd headers',
    async () => {
      await check(
        fc.asyncProperty(
          fc.array(fc.tuple(fc.constantFrom(...SUBMISSION_PATHS), jsonText), { minLength: 1, maxLength: 3 }),
          fc.array(fc.tuple(fc.constantFrom('', 'location.', 'contact.', 'submitter.'), hostileKey, jsonText), {
            maxLength: 2,
          }),
          fc.option(hostileHeaders, { nil: undefined }),
          fc.boolean(),
          async (changes, extras, headers, asChannelClient) => {
            const extraChanges = extras.map(([parent, key, value]) => [`${parent}${key}`, value] as const);
            const payload = objectText({ content: JSON.stringify(VALID_CONTENT), channel: '"web"' }, [
              ...changes,
              ...extraChanges,
            ]);
            // A wrong Content-Length would stop every request before validation; other tests send it.
            const odd = Object.fromEntries(Object.entries(headers ?? {}).filter(([name]) => name !== 'content-length'));
            const req: Req = {
              method: 'POST',
              url: '/api/v1/submissions',
              headers: {
                ...odd,
                'content-type': 'application/json',
                ...(asChannelClient ? { authorization: BEARER } : {}),
              },
              payload,
            };
            const res = await send(req);
            const broken = [...changes.map(([path]) => path), ...extraChanges.map(([path]) => path)];
            // The key check comes first and names its header, not a body field.
            const related = relatedTo([...broken, 'Idempotency-Key']);
            checkApi(req, res, related);
          },
        ),
        runs(150),
      );
    },
    PROPERTY_TIMEOUT,
  );

  // -------------------------------------------------------------------------------------------
  // Every JSON endpoint: whole bodies of any sort, under any Content-Type

  const bodyEndpoints = (): {
    req: Omit<Req, 'payload' | 'headers'>;
    kind: Kind;
    headers?: Record<string, string>;
    /** The route reads no body (a GET, an acknowledgement): whatever is sent is left unread. */
    ignoresBody?: boolean;
  }[] => [
    { req: { method: 'POST', url: '/api/v1/submissions' }, kind: 'api' },
    { req: { method: 'POST', url: '/api/v1/submissions' }, kind: 'api', headers: { authorization: BEARER } },
    { req: { method: 'POST', url: `/api/v1/submissions/${resolvedCode}/feedback` }, kind: 'api' },
    { req: { method: 'POST', url: `/api/v1/submissions/${submittedCode}/feedback` }, kind: 'api' },
    { req: { method: 'POST', url: '/api/v1/classify' }, kind: 'api' },
    { req: { method: 'POST', url: '/api/v1/auth/login' }, kind: 'api' },
    { req: { method: 'POST', url: '/api/v1/auth/logout' }, kind: 'api' },
    { req: { method: 'POST', url: '/api/v1/photos' }, kind: 'api' },
    { req: { method: 'GET', url: '/api/v1/submissions/similar?text=垃圾桶满了' }, kind: 'api', ignoresBody: true },
    {
      req: { method: 'POST', url: '/api/v1/channels/wechat/messages/1/failure' },
      kind: 'api',
      headers: { authorization: BEARER },
    },
    { req: { method: 'POST', url: '/api/v1/channels/wechat/messages/1/failure' }, kind: 'api' },
    {
      req: { method: 'POST', url: '/api/v1/channels/wechat/messages/1/ack' },
      kind: 'api',
      headers: { authorization: BEARER },
      ignoresBody: true,
    },
    {
      req: { method: 'PUT', url: '/api/v1/channels/wechat/handles/someone' },
      kind: 'api',
      headers: { authorization: BEARER },
    },
    { req: { method: 'POST', url: '/open311/v2/requests.json' }, kind: 'open311' },
    { req: { method: 'POST', url: '/open311/v2/requests.xml' }, kind: 'open311' },
    { req: { method: 'POST', url: '/' }, kind: 'page' },
    { req: { method: 'POST', url: `/track/${resolvedCode}/feedback` }, kind: 'page' },
  ];

  it(
    'every endpoint that takes a body: any body (10,000 deep, not UTF-8, huge) under any Content-Type',
    async () => {
      const endpoints = bodyEndpoints();
      await check(
        fc.asyncProperty(
          fc.integer({ min: 0, max: endpoints.length - 1 }),
          rawBody,
          contentType,
          async (index, payload, type) => {
            const endpoint = endpoints[index]!;
            const login = endpoint.req.url === '/api/v1/auth/login';
            const req: Req = {
              ...endpoint.req,
              headers: { 'content-type': type, ...endpoint.headers },
              payload,
              ...(login ? { remoteAddress: freshAddress() } : {}),
            };
            const res = await send(req);
            checkAnswer(req, res, endpoint.kind);
          },
        ),
        runs(200),
      );
    },
    PROPERTY_TIMEOUT,
  );

  // -------------------------------------------------------------------------------------------
  // The other DTOs, field by field

  it(
    'POST /api/v1/classify, /auth/login, /submissions/:code/feedback: hostile fields name the field',
    async () => {
      const shapes: { url: (code: string) => string; base: Record<string, string>; paths: string[] }[] = [
        { url: () => '/api/v1/classify', base: { text: JSON.stringify(VALID_CONTENT) }, paths: ['text', 'address'] },
        {
          url: () => '/api/v1/auth/login',
          base: { username: '"fuzz-admin"', password: '"wrong-password-1"' },
          paths: ['username', 'password'],
        },
        {
          url: (code: string) => `/api/v1/submissions/${code}/feedback`,
          base: { rating: '4' },
          paths: ['rating', 'comment', 'fixed'],
        },
      ];
      await check(
        fc.asyncProperty(
          fc.integer({ min: 0, max: shapes.length - 1 }),
          fc.array(
            fc.tuple(
              fc.constantFrom('text', 'address', 'username', 'password', 'rating', 'comment', 'fixed'),
              jsonText,
            ),
            {
              minLength: 1,
              maxLength: 2,
            },
          ),
          fc.array(fc.tuple(hostileKey, jsonText), { maxLength: 1 }),
          codes(),
          async (index, changes, extras, code) => {
            const shape = shapes[index]!;
            const own = changes.filter(([path]) => shape.paths.includes(path));
            const req: Req = {
              method: 'POST',
              url: shape.url(code),
              headers: { 'content-type': 'application/json' },
              payload: objectText(shape.base, [...own, ...extras]),
              ...(shape.url(code) === '/api/v1/auth/login' ? { remoteAddress: freshAddress() } : {}),
            };
            const res = await send(req);
            checkApi(req, res, relatedTo([...own.map(([path]) => path), ...extras.map(([key]) => key)]));
          },
        ),
        runs(120),
      );
    },
    PROPERTY_TIMEOUT,
  );

  // -------------------------------------------------------------------------------------------
  // Query strings

  it(
    'GET /api/v1/submissions/similar: hostile query values and keys',
    async () => {
      const keys = fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom('text', 'subcategory', 'lat', 'lng', 'address') },
        { weight: 1, arbitrary: hostileKey },
      );
      await check(
        fc.asyncProperty(
          fc.array(queryPair(keys), { minLength: 1, maxLength: 4 }),
          rawQueryParts,
          fc.boolean(),
          async (pairs, raw, withText) => {
            const all = withText ? [['text', '垃圾桶满了没人清运'] as const, ...pairs] : pairs;
            const req: Req = { method: 'GET', url: `/api/v1/submissions/similar${queryString(all, raw)}` };
            const res = await send(req);
            // Without text or subcategory the complaint names text; repeated keys name the key.
            // A key whose escapes do not decode (a lone surrogate) is named as it was sent.
            const names = pairs.flatMap(([key]) => [key, encode(key)]);
            checkApi(req, res, raw.length > 0 ? undefined : relatedTo([...names, 'text', 'lat', 'lng']));
          },
        ),
        runs(120),
      );
    },
    PROPERTY_TIMEOUT,
  );

  // -------------------------------------------------------------------------------------------
  // Path segments

  it(
    'path parameters: tracking codes, photo ids, page codes and Open311 ids',
    async () => {
      const templates: { make: (a: string, b: string) => string; kind: Kind }[] = [
        { make: (a) => `/api/v1/submissions/${a}`, kind: 'api' },
        { make: (a, b) => `/api/v1/submissions/${a}/photos/${b}`, kind: 'api' },
        { make: (a) => `/api/v1/submissions/${submittedCode}/photos/${a}`, kind: 'api' },
        { make: (a) => `/api/v1/public/photos/${a}`, kind: 'api' },
        { make: (a) => `/track/${a}`, kind: 'page' },
        { make: (a) => `/track/${a}/live`, kind: 'page' },
        { make: (a) => `/assets/${a}`, kind: 'page' },
        { make: (a) => `/console/${a}`, kind: 'page' },
        { make: (a) => `/open311/v2/services/${a}.json`, kind: 'open311' },
        { make: (a) => `/open311/v2/services/${a}.xml`, kind: 'open311' },
        { make: (a) => `/open311/v2/requests/${a}.json`, kind: 'open311' },
        { make: (a) => `/open311/v2/requests/${a}.xml`, kind: 'open311' },
        { make: (a) => `/open311/v2/tokens/${a}.json`, kind: 'open311' },
        { make: (a) => `/open311/v2/tokens/${a}.xml`, kind: 'open311' },
        { make: (a) => `/open311/v2/media/${a}`, kind: 'open311' },
      ];
      await check(
        fc.asyncProperty(
          fc.integer({ min: 0, max: templates.length - 1 }),
          pathSegment,
          fc.oneof(pathSegment, fc.constant('1')),
          fc.array(queryPair(fc.constantFrom('size', 'lang', 'new', 'jurisdiction_id')), { maxLength: 2 }),
          async (index, a, b, pairs) => {
            const template = templates[index]!;
            const req: Req = { method: 'GET', url: `${template.make(a, b)}${queryString(pairs)}` };
            const res = await send(req);
            checkAnswer(req, res, template.kind);
          },
        ),
        runs(150),
      );
    },
    PROPERTY_TIMEOUT,
  );

  // -------------------------------------------------------------------------------------------
  // Photo uploads

  it(
    'POST /api/v1/photos: broken multipart bodies and files that only start like photos',
    async () => {
      const MAGIC = [
        Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        Buffer.from('RIFF\u0000\u0000\u0000\u0000WEBPVP8 ', 'latin1'),
        Buffer.from('\u0000\u0000\u0000\u0018ftypheic\u0000\u0000\u0000\u0000', 'latin1'),
        tinyPng().subarray(0, 40),
        Buffer.alloc(0),
      ];
      const png = tinyPng();
      const file = fc.oneof(
        fc
          .tuple(fc.constantFrom(...MAGIC), fc.uint8Array({ maxLength: 400 }))
          .map(([magic, rest]) => Buffer.concat([magic, Buffer.from(rest)])),
        // A real PNG with a few bytes changed: headers that promise more than the data holds.
        fc
          .array(fc.tuple(fc.nat({ max: png.length - 1 }), fc.nat({ max: 255 })), { minLength: 1, maxLength: 4 })
          .map((edits) => {
            const copy = Buffer.from(png);
            for (const [at, byte] of edits) copy[at] = byte;
            return copy;
          }),
        fc.constant(png),
      );
      const body = fc.oneof(
        {
          weight: 3,
          arbitrary: fc
            .tuple(file, hostileString.map(wireSafe), headerText)
            .map(([bytes, filename, type]) =>
              multipart([
                { name: 'file', value: bytes, filename: filename.replace(/"/g, ''), type: type || 'image/png' },
              ]),
            ),
        },
        {
          weight: 1,
          arbitrary: fc
            .tuple(fc.array(fc.tuple(hostileKey.map(wireSafe), hostileString.map(wireSafe)), { maxLength: 5 }), file)
            .map(([fields, bytes]) =>
              multipart([
                ...fields.map(([name, value]) => ({ name: name.replace(/"/g, ''), value: value.slice(0, 2000) })),
                { name: 'file', value: bytes, filename: 'p.png', type: 'image/png' },
              ]),
            ),
        },
        {
          weight: 1,
          arbitrary: fc
            .tuple(
              rawBody,
              fc.constantFrom(
                'multipart/form-data',
                'multipart/form-data; boundary=',
                'multipart/form-data; boundary=----cc-test-boundary',
                'multipart/form-data; boundary="x"',
                'multipart/mixed; boundary=x',
              ),
            )
            .map(([payload, type]) => ({
              payload: Buffer.isBuffer(payload) ? payload : Buffer.from(payload),
              headers: { 'content-type': type },
            })),
        },
        {
          weight: 1,
          // Cut short: the closing boundary never arrives.
          arbitrary: fc.tuple(file, fc.nat()).map(([bytes, cut]) => {
            const whole = multipart([{ name: 'file', value: bytes, filename: 'p.png', type: 'image/png' }]);
            return { ...whole, payload: whole.payload.subarray(0, cut % (whole.payload.length + 1)) };
          }),
        },
      );
      await check(
        fc.asyncProperty(body, async ({ payload, headers }) => {
          const req: Req = { method: 'POST', url: '/api/v1/photos', headers, payload };
          checkApi(req, await send(req));
        }),
        runs(80),
      );
    },
    PROPERTY_TIMEOUT,
  );

  // -------------------------------------------------------------------------------------------
  // The channel API, with and without its token

  it(
    'the channel API: any path, query and body, with the token and without',
    async () => {
      const routes: { method: HTTPMethods; make: (a: string, b: string) => string; body: boolean }[] = [
        { method: 'GET', make: (channel) => `/api/v1/channels/${channel}/messages`, body: false },
        { method: 'POST', make: (channel, id) => `/api/v1/channels/${channel}/messages/${id}/ack`, body: false },
        { method: 'POST', make: (channel, id) => `/api/v1/channels/${channel}/messages/${id}/failure`, body: true },
        { method: 'PUT', make: (channel, handle) => `/api/v1/channels/${channel}/handles/${handle}`, body: true },
        {
          method: 'GET',
          make: (channel, who) => `/api/v1/channels/${channel}/recipients/${who}/submissions`,
          body: false,
        },
        {
          method: 'POST',
          make: (channel, who) =>
            `/api/v1/channels/${channel}/recipients/${who}/submissions/${submittedCode}/withdrawal`,
          body: false,
        },
        {
          method: 'POST',
          make: (channel, code) => `/api/v1/channels/${channel}/recipients/wxid_fuzz/submissions/${code}/withdrawal`,
          body: false,
        },
      ];
      const failureBody = objectText.bind(null, { error: '"联系人不存在"' });
      await check(
        fc.asyncProperty(
          fc.integer({ min: 0, max: routes.length - 1 }),
          fc.oneof({ weight: 3, arbitrary: fc.constant('wechat') }, { weight: 1, arbitrary: pathSegment }),
          fc.oneof(pathSegment, fc.constantFrom('1', 'wxid_fuzz', wechatMessageId)),
          fc.array(queryPair(fc.constantFrom('limit', 'wait', 'x', '__proto__')), { maxLength: 3 }),
          fc.array(
            fc.tuple(fc.constantFrom('error', 'permanent', 'attempt', 'unreachable', 'id', '__proto__', 'x'), jsonText),
            {
              maxLength: 3,
            },
          ),
          fc.oneof(
            { weight: 2, arbitrary: fc.constant(BEARER) },
            { weight: 1, arbitrary: fc.constantFrom('', 'Bearer', `Bearer ${TOKEN.slice(1)}`, `Basic ${TOKEN}`) },
            { weight: 1, arbitrary: headerText },
          ),
          async (index, channel, b, pairs, changes, authorization) => {
            const route = routes[index]!;
            // A valid wait would hold the request open for up to 30 s on an empty outbox.
            const query = pairs.map(([key, value]) =>
              key === 'wait' && Number.isInteger(Number(value)) && Number(value) > 0
                ? ([key, '0'] as const)
                : ([key, value] as const),
            );
            const req: Req = {
              method: route.method,
              url: `${route.make(channel, b)}${queryString(query)}`,
              headers: { authorization, ...(route.body ? { 'content-type': 'application/json' } : {}) },
              ...(route.body
                ? { payload: route.method === 'PUT' ? objectText({ id: '"wxid_new"' }, changes) : failureBody(changes) }
                : {}),
            };
            const res = await send(req);
            checkApi(req, res);
            if (authorization !== BEARER && res.statusCode < 400)
              fail(req, res, 'the channel API answered without its token');
          },
        ),
        runs(120),
      );
    },
    PROPERTY_TIMEOUT,
  );

  // -------------------------------------------------------------------------------------------
  // Open311

  const OPEN311_FIELDS = [
    'api_key',
    'service_code',
    'lat',
    'long',
    'address_string',
    'address_id',
    'description',
    'email',
    'phone',
    'first_name',
    'last_name',
    'media_url',
    'account_id',
    'device_id',
    'jurisdiction_id',
    'attribute[in_compound]',
    'attribute[vehicle_type]',
    'attribute[nope]',
    'attribute[]',
    'service_code[]',
  ];
  /** Which field names a GeoReport 400 may carry when `changed` was broken. */
  const OPEN311_RELATED: ReadonlyMap<string, readonly string[]> = new Map(
    Object.entries({
      service_code: ['service_code', 'attribute['],
      'service_code[]': ['service_code', 'attribute['],
      lat: ['lat', 'long', 'location'],
      long: ['lat', 'long', 'location'],
      address_string: ['address_string', 'location', 'address_id'],
      address_id: ['address_id'],
    }),
  );

  it(
    'POST /open311/v2/requests: hostile form fields, repeated fields, with a valid key and without',
    async () => {
      await check(
        fc.asyncProperty(
          fc.array(
            fc.tuple(
              fc.constantFrom(...OPEN311_FIELDS, 'x', '__proto__', 'constructor'),
              hostileString.filter((text) => text.length < 60_000),
            ),
            {
              minLength: 1,
              maxLength: 3,
            },
          ),
          rawQueryParts,
          fc.constantFrom('json', 'xml'),
          fc.boolean(),
          async (changes, raw, format, withKey) => {
            const fields: Record<string, string> = {
              service_code: 'garbage_overflow',
              address_string: '幸福路12号小区北门',
              description: '小区北门的垃圾桶满了两天没人清运',
              ...(withKey ? { api_key: apiKey } : {}),
            };
            const pairs: QueryPair[] = [];
            for (const [key, value] of changes) {
              // Half the time the field is replaced, half the time sent a second time.
              if (key in fields && value.length % 2 === 0) fields[key] = value;
              else pairs.push([key, value]);
            }
            const payload = queryString([...Object.entries(fields), ...pairs], raw).slice(1);
            const req: Req = {
              method: 'POST',
              url: `/open311/v2/requests.${format}`,
              headers: { 'content-type': 'application/x-www-form-urlencoded' },
              payload,
            };
            const res = await send(req);
            const names = changes.flatMap(([key]) => OPEN311_RELATED.get(key) ?? [key.replace(/\[\]$/, '')]);
            checkOpen311(
              req,
              res,
              raw.length > 0 ? undefined : (described) => names.some((name) => described.startsWith(name)),
            );
          },
        ),
        runs(120),
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'GET /open311/v2/requests and the other GeoReport reads: hostile query strings',
    async () => {
      const paths = ['requests', 'services', 'discovery', 'services/garbage_overflow'];
      const keys = fc.oneof(
        {
          weight: 3,
          arbitrary: fc.constantFrom(
            'service_request_id',
            'service_code',
            'status',
            'start_date',
            'end_date',
            'jurisdiction_id',
          ),
        },
        { weight: 1, arbitrary: hostileKey },
      );
      const dates = fc.constantFrom(
        '2026-12-01',
        '2026-12-01T00:00:00+08:00',
        '2026-13-45T25:61:61+08:00',
        '0000-01-01',
        '9999-12-31T23:59:59Z',
        '275760-09-13T00:00:00Z',
        '2026-12-01T00:00:00+99:99',
        '1e400',
      );
      await check(
        fc.asyncProperty(
          fc.constantFrom(...paths),
          fc.constantFrom('json', 'xml'),
          fc.array(fc.oneof(queryPair(keys), fc.tuple(fc.constantFrom('start_date', 'end_date'), dates)), {
            maxLength: 4,
          }),
          rawQueryParts,
          async (path, format, pairs, raw) => {
            const req: Req = { method: 'GET', url: `/open311/v2/${path}.${format}${queryString(pairs, raw)}` };
            checkOpen311(req, await send(req));
          },
        ),
        runs(120),
      );
    },
    PROPERTY_TIMEOUT,
  );

  // -------------------------------------------------------------------------------------------
  // Resident pages

  it(
    'the resident pages: hostile form posts and lookups',
    async () => {
      const FORM_FIELDS = [
        'content',
        'address',
        'lat',
        'lng',
        'name',
        'phone',
        'anonymous',
        'notifyBySms',
        'consent',
        'rating',
        'fixed',
        'comment',
        'lang',
        '__proto__',
        'constructor',
      ];
      await check(
        fc.asyncProperty(
          fc.constantFrom(
            '/',
            `/track/${resolvedCode}/feedback`,
            `/track/${submittedCode}/feedback`,
            '/track/NOPE/feedback',
          ),
          fc.array(queryPair(fc.oneof(fc.constantFrom(...FORM_FIELDS), hostileKey)), { maxLength: 6 }),
          fc.boolean(),
          rawQueryParts,
          fc.array(queryPair(fc.constantFrom('lang', 'code', 'new')), { maxLength: 2 }),
          async (url, pairs, consent, raw, query) => {
            const fields: QueryPair[] = consent ? [['consent', 'yes'], ['content', VALID_CONTENT], ...pairs] : pairs;
            const req: Req = {
              method: 'POST',
              url: `${url}${queryString(query)}`,
              headers: { 'content-type': 'application/x-www-form-urlencoded' },
              payload: queryString(fields, raw).slice(1),
            };
            checkPage(req, await send(req));
            const lookup: Req = {
              method: 'GET',
              url: `/track${queryString([...query, ...pairs.slice(0, 1).map(([, v]) => ['code', v] as const)])}`,
            };
            checkPage(lookup, await send(lookup));
          },
        ),
        runs(60),
      );
    },
    PROPERTY_TIMEOUT,
  );

  // -------------------------------------------------------------------------------------------
  // Every public route under hostile headers and queries

  it(
    'every public route: hostile headers (Authorization, Cookie, Idempotency-Key, Content-Type, Host) and queries',
    async () => {
      const routes = (): { req: Omit<Req, 'headers'>; kind: Kind }[] => [
        { req: { method: 'GET', url: '/healthz' }, kind: 'api' },
        { req: { method: 'GET', url: '/readyz' }, kind: 'api' },
        { req: { method: 'GET', url: '/api/v1/categories' }, kind: 'api' },
        { req: { method: 'GET', url: '/api/v1/departments' }, kind: 'api' },
        { req: { method: 'GET', url: '/api/v1/public/statistics' }, kind: 'api' },
        { req: { method: 'GET', url: '/api/v1/public/photos/1' }, kind: 'api' },
        {
          req: {
            method: 'POST',
            url: '/api/v1/submissions',
            payload: JSON.stringify({ content: VALID_CONTENT, channel: 'web' }),
          },
          kind: 'api',
        },
        { req: { method: 'GET', url: `/api/v1/submissions/${submittedCode}` }, kind: 'api' },
        {
          req: { method: 'POST', url: `/api/v1/submissions/${resolvedCode}/feedback`, payload: '{"rating":5}' },
          kind: 'api',
        },
        { req: { method: 'GET', url: '/api/v1/submissions/similar' }, kind: 'api' },
        { req: { method: 'GET', url: `/api/v1/submissions/${submittedCode}/photos/1` }, kind: 'api' },
        { req: { method: 'POST', url: '/api/v1/photos', payload: tinyPng() }, kind: 'api' },
        { req: { method: 'POST', url: '/api/v1/classify', payload: '{"text":"垃圾桶满了"}' }, kind: 'api' },
        {
          req: { method: 'POST', url: '/api/v1/auth/login', payload: '{"username":"fuzz-admin","password":"x"}' },
          kind: 'api',
        },
        { req: { method: 'GET', url: '/api/v1/auth/me' }, kind: 'api' },
        { req: { method: 'POST', url: '/api/v1/auth/logout' }, kind: 'api' },
        { req: { method: 'GET', url: '/api/v1/staff/submissions' }, kind: 'api' },
        { req: { method: 'GET', url: '/api/v1/channels/wechat/messages' }, kind: 'api' },
        { req: { method: 'GET', url: '/api/v1/channels/wechat/recipients/wxid_fuzz/submissions' }, kind: 'api' },
        { req: { method: 'GET', url: '/' }, kind: 'page' },
        { req: { method: 'GET', url: '/track' }, kind: 'page' },
        { req: { method: 'GET', url: `/track/${submittedCode}` }, kind: 'page' },
        { req: { method: 'GET', url: `/track/${resolvedCode}/live` }, kind: 'page' },
        { req: { method: 'GET', url: '/stats' }, kind: 'page' },
        { req: { method: 'GET', url: '/assets/resident.css' }, kind: 'page' },
        { req: { method: 'GET', url: '/console/' }, kind: 'page' },
        { req: { method: 'GET', url: '/docs/json' }, kind: 'page' },
        { req: { method: 'GET', url: '/open311/v2/discovery.json' }, kind: 'open311' },
        { req: { method: 'GET', url: '/open311/v2/discovery.xml' }, kind: 'open311' },
        { req: { method: 'GET', url: '/open311/v2/services.json' }, kind: 'open311' },
        { req: { method: 'GET', url: '/open311/v2/requests.xml' }, kind: 'open311' },
        {
          req: {
            method: 'POST',
            url: '/open311/v2/requests.json',
            payload:
              'service_code=garbage_overflow&address_string=%E5%B9%B8%E7%A6%8F%E8%B7%AF&description=%E5%9E%83%E5%9C%BE%E6%BB%A1%E4%BA%86',
          },
          kind: 'open311',
        },
      ];
      const list = routes();
      await check(
        fc.asyncProperty(
          fc.integer({ min: 0, max: list.length - 1 }),
          hostileHeaders,
          fc.option(fc.oneof(contentType, fc.constant('application/x-www-form-urlencoded')), { nil: undefined }),
          fc.array(queryPair(hostileKey), { maxLength: 2 }),
          rawQueryParts,
          async (index, headers, type, pairs, raw) => {
            const route = list[index]!;
            const req: Req = {
              ...route.req,
              url: `${route.req.url}${queryString(pairs, raw)}`,
              headers: { ...headers, ...(type !== undefined ? { 'content-type': type } : {}) },
              ...(route.req.url === '/api/v1/auth/login' ? { remoteAddress: freshAddress() } : {}),
            };
            const res = await send(req);
            checkAnswer(req, res, route.kind);
          },
        ),
        runs(200),
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'unknown routes and methods: 404 (or 405) with the error body of their part of the site',
    async () => {
      await check(
        fc.asyncProperty(
          fc.constantFrom<HTTPMethods>('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'),
          fc.constantFrom('/', '/api/v1/', '/api/v1/submissions/', '/open311/v2/', '/track/', '/assets/', '/console/'),
          fc.array(pathSegment, { minLength: 1, maxLength: 3 }),
          async (method, prefix, segments) => {
            const url = `${prefix}${segments.join('/')}`;
            const req: Req = { method, url };
            const res = await send(req);
            const landed = landsIn(url);
            // A HEAD answer has no body to check.
            if (method === 'HEAD') {
              if (res.statusCode >= 500) fail(req, res, 'server error');
            } else if (landed.startsWith('/open311/v2/')) checkOpen311(req, res);
            else if (/^\/(track|assets|console)\/|^\/[^/]*$/.test(landed)) checkPage(req, res);
            else checkApi(req, res);
          },
        ),
        runs(60),
      );
    },
    PROPERTY_TIMEOUT,
  );

  // -------------------------------------------------------------------------------------------
  // Examples: the cases the properties pick only now and then, spelled out

  it('answers nesting 10,000 deep with a 4xx on every JSON endpoint', async () => {
    for (const endpoint of bodyEndpoints()) {
      for (const payload of [
        DEEP_ARRAY,
        DEEP_OBJECT,
        DEEP_MIXED,
        `{"content":"垃圾满了","channel":"web","x":${DEEP_ARRAY}}`,
      ]) {
        const login = endpoint.req.url === '/api/v1/auth/login';
        const req: Req = {
          ...endpoint.req,
          headers: { 'content-type': 'application/json', ...endpoint.headers },
          payload,
          ...(login ? { remoteAddress: freshAddress() } : {}),
        };
        const res = await send(req);
        checkAnswer(req, res, endpoint.kind);
        if (res.statusCode < 400 && !endpoint.ignoresBody) fail(req, res, 'deep nesting accepted');
      }
    }
  });

  it('reads bytes that are not UTF-8 as replacement characters, not as a server error', async () => {
    const payload = Buffer.concat([
      Buffer.from('{"content":"垃圾桶满了没人清运'),
      Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0xf4, 0x90, 0x80, 0x80]),
      Buffer.from('","channel":"web"}'),
    ]);
    const req: Req = {
      method: 'POST',
      url: '/api/v1/submissions',
      headers: { 'content-type': 'application/json' },
      payload,
    };
    const res = await send(req);
    checkApi(req, res);
    expect(res.statusCode).toBe(201);
  });

  it('refuses prototype-pollution keys in JSON, forms and queries without polluting anything', async () => {
    for (const payload of POLLUTING_BODIES) {
      const req: Req = {
        method: 'POST',
        url: '/api/v1/submissions',
        headers: { 'content-type': 'application/json' },
        payload,
      };
      const res = await send(req);
      checkApi(req, res);
      expect(res.statusCode).toBe(400);
    }
    const queries = [
      '?__proto__[polluted]=yes',
      '?__proto__=yes',
      '?constructor[prototype][polluted]=yes',
      '?constructor=x',
    ];
    for (const query of queries) {
      const req: Req = { method: 'GET', url: `/api/v1/submissions/similar${query}&text=垃圾桶满了` };
      checkApi(req, await send(req));
    }
    const form: Req = {
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `__proto__[polluted]=yes&constructor[prototype][polluted]=yes&__proto__=x&api_key=${apiKey}`,
    };
    checkOpen311(form, await send(form));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  // -------------------------------------------------------------------------------------------
  // Stored script: kept as text, served as JSON strings, escaped on pages

  const SCRIPTED = {
    content: `<script>alert("content")</script> 幸福路垃圾桶满了 <img src=x onerror=alert(1)> ' OR 1=1 --`,
    address: '<img src=x onerror=alert("address")>幸福路12号',
    name: '<script>document.cookie</script>',
  };

  it('stores script fragments verbatim and gives them back as the same JSON strings', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/submissions',
      payload: {
        content: SCRIPTED.content,
        channel: 'web',
        location: { address: SCRIPTED.address },
        contact: { name: SCRIPTED.name, phone: '13812341234' },
      },
    });
    expect(created.statusCode).toBe(201);
    const row = await t.dataSource
      .getRepository(Submission)
      .findOneByOrFail({ trackingCode: created.json().trackingCode as string });
    expect([row.content, row.address, row.contactName]).toEqual([SCRIPTED.content, SCRIPTED.address, SCRIPTED.name]);

    // The console reads the staff API: JSON strings, not markup and not HTML-escaped text.
    const detail = await t.app.inject({ method: 'GET', url: `/api/v1/staff/submissions/${row.id}`, ...admin });
    expect(detail.statusCode).toBe(200);
    expect(detail.headers['content-type']).toMatch(/^application\/json/);
    const view = detail.json<{ content: string; address: string; contact: { name: string } }>();
    expect([view.content, view.address, view.contact.name]).toEqual([
      SCRIPTED.content,
      SCRIPTED.address,
      SCRIPTED.name,
    ]);
    expect(detail.body).not.toContain('&lt;script');

    // The public answer carries none of the resident's words at all.
    const tracked = await t.app.inject({ method: 'GET', url: `/api/v1/submissions/${row.trackingCode}` });
    expect(tracked.statusCode).toBe(200);
    expect(tracked.body).not.toContain('<script>');
    expect(tracked.body).not.toContain('onerror');
  });

  /** No markup from the payloads survives on a page: only its escaped text. */
  function expectEscaped(page: LightMyRequestResponse, ...payloads: string[]) {
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).not.toMatch(/<script>(alert|document)|<img src=x|<svg onload/);
    for (const payload of payloads)
      expect(page.body).toContain(
        payload
          .replaceAll('&', '&amp;')
          .replaceAll('<', '&lt;')
          .replaceAll('>', '&gt;')
          .replaceAll('"', '&quot;')
          .replaceAll("'", '&#39;'),
      );
  }

  it('escapes script fragments on the resident pages: the re-shown form, the lookup, the timeline', async () => {
    const form = (fields: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: '/',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(fields).toString(),
      });
    // Without consent, and with a bad phone: both send the form back with what was typed.
    const noConsent = await form({ content: SCRIPTED.content, address: SCRIPTED.address, name: SCRIPTED.name });
    expect(noConsent.statusCode).toBe(400);
    expectEscaped(noConsent, SCRIPTED.content, SCRIPTED.address, SCRIPTED.name);
    const badPhone = await form({ content: SCRIPTED.content, name: SCRIPTED.name, phone: '<script>1', consent: 'yes' });
    expect(badPhone.statusCode).toBe(400);
    expectEscaped(badPhone, SCRIPTED.content, SCRIPTED.name);

    const lookup = await t.app.inject({
      method: 'GET',
      url: `/track?code=${encodeURIComponent('"><svg onload=alert(1)>')}`,
    });
    expect(lookup.statusCode).toBe(400);
    expectEscaped(lookup, '"><svg onload=alert(1)>'.slice(0, 20));
    const missing = await t.app.inject({ method: 'GET', url: `/track/${encodeURIComponent('<img src=x onerror=1>')}` });
    expect(missing.statusCode).toBeGreaterThanOrEqual(400);
    expectEscaped(missing, '<img src=x onerror=1>'.slice(0, 20));

    // A note on the public timeline (written by staff, shown to residents) stays text too.
    const report = await fileReport(t, '幸福路垃圾桶满了三天没人清运，味道很大');
    const department = { role: 'department' as const, type: 'staff' as const, label: '环卫中心', staffId: null };
    const note = '<script>alert("note")</script><img src=x onerror=alert(2)>';
    await performAction(
      { dataSource: t.dataSource, now: () => new Date() },
      { submissionId: report.id, action: 'accept', actor: department },
    );
    await performAction(
      { dataSource: t.dataSource, now: () => new Date() },
      { submissionId: report.id, action: 'resolve', actor: department, note },
    );
    const json = await t.app.inject({ method: 'GET', url: `/api/v1/submissions/${report.trackingCode}` });
    expect(json.json<{ timeline: { note: string | null }[] }>().timeline.map((e) => e.note)).toContain(note);
    for (const url of [`/track/${report.trackingCode}`, `/track/${report.trackingCode}/live`]) {
      const page = await t.app.inject({ method: 'GET', url });
      expect(page.statusCode).toBe(200);
      expectEscaped(page, note);
    }
  });

  // -------------------------------------------------------------------------------------------
  // Regressions: the 5xx the fuzzing found, one example each

  /** The project's 400 naming `field`. */
  function expectFieldProblem(res: LightMyRequestResponse, field: string) {
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'validation_failed', fields: [expect.objectContaining({ field })] });
  }

  it('regression: null in any field of a report counts as left out, or answers 400 naming it; never 500', async () => {
    // `"followsId": null` passed IsOptional and was looked up as a report id: a 500.
    for (const asChannelClient of [false, true]) {
      for (const path of SUBMISSION_PATHS) {
        const req: Req = {
          method: 'POST',
          url: '/api/v1/submissions',
          headers: { 'content-type': 'application/json', ...(asChannelClient ? { authorization: BEARER } : {}) },
          payload: objectText({ content: JSON.stringify(VALID_CONTENT), channel: '"web"' }, [[path, 'null']]),
        };
        const res = await send(req);
        checkApi(req, res, relatedTo([path]));
      }
    }
    const res = await send({
      method: 'POST',
      url: '/api/v1/submissions',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({
        content: VALID_CONTENT,
        channel: 'web',
        followsId: null,
        photoIds: null,
        contact: null,
      }),
    });
    expect(res.statusCode).toBe(201);
    const stored = await t.dataSource.query<{ merged_into_id: number | null }[]>(
      'SELECT merged_into_id FROM submission WHERE tracking_code = $1',
      [res.json<{ trackingCode: string }>().trackingCode],
    );
    expect(stored).toEqual([{ merged_into_id: null }]);
  });

  it('regression: an Open311 body whose fields nest 10,000 deep answers 400, not 500', async () => {
    // fieldsOf() turned every list into strings; String() of a list 10,000 deep overflows.
    const bare: Req = {
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'content-type': 'application/json' },
      payload: DEEP_ARRAY,
    };
    const noKey = await send(bare);
    checkOpen311(bare, noKey);
    expect(noKey.statusCode).toBe(403);
    const keyed: Req = { ...bare, payload: `{"service_code":${DEEP_ARRAY},"api_key":"${apiKey}"}` };
    const res = await send(keyed);
    checkOpen311(keyed, res);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toContainEqual({ code: 400, description: expect.stringMatching(/^service_code: /) });
  });

  it('regression: a photo upload cut off before its closing boundary answers 400 naming the file, not 500', async () => {
    const whole = multipart([{ name: 'file', value: tinyPng(), filename: 'p.png', type: 'image/png' }]);
    const res = await send({
      method: 'POST',
      url: '/api/v1/photos',
      headers: whole.headers,
      payload: whole.payload.subarray(0, whole.payload.length - 30),
    });
    expectFieldProblem(res, 'file');
  });

  it('regression: a NUL in a channel handle, recipient or text answers 400 or is dropped, not 500', async () => {
    // PostgreSQL cannot hold a NUL in text: the query failed and the answer was a 500.
    const auth = { authorization: BEARER, 'content-type': 'application/json' };
    const moved = await send({
      method: 'PUT',
      url: '/api/v1/channels/wechat/handles/%E5%BC%A0%00',
      headers: auth,
      payload: '{"id":"wxid_new"}',
    });
    expectFieldProblem(moved, 'handle');
    const mine = await send({
      method: 'GET',
      url: '/api/v1/channels/wechat/recipients/wx%00id/submissions',
      headers: { authorization: BEARER },
    });
    expectFieldProblem(mine, 'recipient');
    const withdrawn = await send({
      method: 'POST',
      url: `/api/v1/channels/wechat/recipients/wx%00id/submissions/${submittedCode}/withdrawal`,
      headers: { authorization: BEARER },
    });
    expectFieldProblem(withdrawn, 'recipient');

    const filed = await send({
      method: 'POST',
      url: '/api/v1/submissions',
      headers: auth,
      payload: JSON.stringify({
        content: VALID_CONTENT,
        channel: 'wechat',
        submitter: { id: 'wxid_nul', handle: '张\u0000三' },
      }),
    });
    expectFieldProblem(filed, 'submitter.handle');

    // A delivery failure's text is a log line: its NUL is dropped, as in residents' text.
    const created = await send({
      method: 'POST',
      url: '/api/v1/submissions',
      headers: auth,
      payload: JSON.stringify({ content: VALID_CONTENT, channel: 'wechat', submitter: { id: 'wxid_nul' } }),
    });
    expect(created.statusCode).toBe(201);
    const [{ id }] = (await t.dataSource.query('SELECT id FROM submission WHERE tracking_code = $1', [
      created.json().trackingCode,
    ])) as { id: number }[];
    await queueReply(t, id, '已安排清运');
    const fetched = await send({
      method: 'GET',
      url: '/api/v1/channels/wechat/messages?limit=100',
      headers: { authorization: BEARER },
    });
    const message = fetched
      .json<{ messages: { id: number; recipient: string; attempt: number }[] }>()
      .messages.find((m) => m.recipient === 'wxid_nul')!;
    const failed = await send({
      method: 'POST',
      url: `/api/v1/channels/wechat/messages/${message.id}/failure`,
      headers: auth,
      payload: JSON.stringify({ error: 'send\u0000failed', attempt: message.attempt }),
    });
    expect(failed.statusCode).toBe(200);
    const [row] = (await t.dataSource.query('SELECT last_error FROM outbox_message WHERE id = $1', [message.id])) as {
      last_error: string;
    }[];
    expect(row!.last_error).toBe('sendfailed');
  });

  it('left Object.prototype, Array.prototype and Function.prototype as they were', () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
    expect(prototypeSnapshot()).toEqual(PROTOTYPES_BEFORE);
  });
});
