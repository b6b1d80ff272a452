/**
 * OpenAPI descriptions of the Open311 routes (the docs at /docs). Responses are written by the
 * routes themselves in JSON or XML, so these schemas document; they do not serialise.
 */
type Schema = Record<string, unknown>;

const text = (description: string): Schema => ({ type: 'string', description });
const nullableText = (description: string): Schema => ({ type: 'string', nullable: true, description });

const errorList: Schema = {
  description: 'GeoReport v2 错误列表',
  type: 'array',
  items: {
    type: 'object',
    properties: { code: { type: 'integer', example: 400 }, description: text('哪个字段、什么问题') },
  },
};

const service: Schema = {
  type: 'object',
  properties: {
    service_code: text('稳定的服务代码（本系统的小类代码）'),
    service_name: text('小类的中文名称'),
    description: text('所属大类及其范围'),
    metadata: { type: 'boolean', description: '是否有服务定义（属性）' },
    type: { type: 'string', enum: ['realtime', 'batch', 'blackbox'] },
    keywords: text('逗号分隔的关键词'),
    group: text('所属大类：治脏、治乱、治差、治粗、其他'),
  },
};

const attribute: Schema = {
  type: 'object',
  properties: {
    variable: { type: 'boolean' },
    code: text('属性代码，提交时写作 attribute[code]'),
    datatype: { type: 'string', enum: ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] },
    required: { type: 'boolean' },
    datatype_description: text('取值说明'),
    order: { type: 'integer' },
    description: text('问题'),
    values: {
      type: 'array',
      items: { type: 'object', properties: { key: { type: 'string' }, name: { type: 'string' } } },
    },
  },
};

const request: Schema = {
  type: 'object',
  properties: {
    service_request_id: text('请求编号'),
    status: {
      type: 'string',
      enum: ['open', 'closed'],
      description: '办理中为 open；已整改、办结、不予受理、撤回为 closed',
    },
    status_notes: nullableText('承办单位最近一次公开答复'),
    service_name: text('小类名称'),
    service_code: text('小类代码（分拨员改过分类时为改后的）'),
    description: text('反映内容，手机号、身份证号、邮箱等个人信息已隐去'),
    agency_responsible: text('承办单位'),
    service_notice: nullableText('提示'),
    requested_datetime: text('提交时间（+08:00）'),
    updated_datetime: text('最后更新时间（+08:00）'),
    expected_datetime: nullableText('整改期限（+08:00）'),
    address: nullableText('地址'),
    address_id: nullableText('不使用，恒为空'),
    zipcode: nullableText('不使用，恒为空'),
    lat: { type: 'number', nullable: true },
    long: { type: 'number', nullable: true },
    media_url: nullableText('承办单位的整改照片，或客户端提交时给的照片网址'),
  },
};

function formatNote(format: 'json' | 'xml'): string {
  return format === 'xml' ? '（XML 版本，内容与 .json 相同）' : '';
}

export function open311Schemas(format: 'json' | 'xml'): Record<string, Schema> {
  const note = formatNote(format);
  const ok = (schema: Schema, description: string) => ({
    200: format === 'json' ? { description, ...schema } : { description, type: 'string' },
    404: errorList,
  });
  const tags = ['open311'];
  const jurisdiction = {
    jurisdiction_id: { type: 'string', description: '可不填；填写时必须是本系统的 OPEN311_JURISDICTION_ID' },
  };
  return {
    discovery: {
      tags,
      summary: `服务发现 discovery${note}`,
      response: ok({ type: 'object' }, '规范版本、地址和支持的格式'),
    },
    services: {
      tags,
      summary: `服务列表：可反映的问题小类${note}`,
      querystring: { type: 'object', properties: jurisdiction },
      response: ok({ type: 'array', items: service }, '服务列表'),
    },
    serviceDefinition: {
      tags,
      summary: `服务定义：提交时可回答的属性${note}`,
      params: { type: 'object', properties: { code: { type: 'string', example: 'garbage_overflow' } } },
      response: ok(
        {
          type: 'object',
          properties: { service_code: { type: 'string' }, attributes: { type: 'array', items: attribute } },
        },
        '服务定义',
      ),
    },
    listRequests: {
      tags,
      summary: `查询请求${note}`,
      description:
        '按 service_request_id（逗号分隔，给出时忽略其他条件）、service_code、start_date/end_date（W3C 时间，' +
        '不超过 90 天；都不填为最近 90 天）、status（open/closed）筛选，按提交时间倒序，最多 1000 条。不含任何个人信息。',
      querystring: {
        type: 'object',
        properties: {
          ...jurisdiction,
          service_request_id: { type: 'string' },
          service_code: { type: 'string' },
          start_date: { type: 'string', example: '2026-12-01T00:00:00+08:00' },
          end_date: { type: 'string' },
          status: { type: 'string', example: 'open' },
        },
      },
      response: { ...ok({ type: 'array', items: request }, '请求列表'), 400: errorList },
    },
    createRequest: {
      tags,
      summary: `提交请求（表单编码）${note}`,
      description:
        '以 application/x-www-form-urlencoded 提交：api_key（必填，由管理员签发）、service_code（必填）、' +
        'lat 和 long 或 address_string（必填其一）、description（不超过 4000 字，不接受 HTML）、attribute[代码]、' +
        'email、phone（大陆手机号）、first_name、last_name、media_url、account_id、device_id。' +
        '与网页表单走同一套受理流程：自动分类会核对所选服务，明显不一致时转创城办人工核对。',
      consumes: ['application/x-www-form-urlencoded'],
      body: {
        type: 'object',
        required: ['api_key', 'service_code'],
        properties: {
          api_key: { type: 'string' },
          service_code: { type: 'string', example: 'garbage_overflow' },
          lat: { type: 'string', example: '39.9087' },
          long: { type: 'string', example: '116.3975' },
          address_string: { type: 'string', example: '幸福路12号小区北门' },
          description: { type: 'string', example: '小区北门垃圾桶满了两天没人清运' },
          email: { type: 'string' },
          phone: { type: 'string' },
          first_name: { type: 'string' },
          last_name: { type: 'string' },
          media_url: { type: 'string' },
          'attribute[in_compound]': { type: 'string', enum: ['yes', 'no'] },
        },
      },
      response: {
        201: {
          description: '已受理：请求编号、token 和提示（含查询编号）',
          ...(format === 'json'
            ? {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    service_request_id: { type: 'string' },
                    token: { type: 'string' },
                    service_notice: { type: 'string' },
                    account_id: { type: 'string', nullable: true },
                  },
                },
              }
            : { type: 'string' }),
        },
        400: errorList,
        403: errorList,
      },
    },
    getRequest: {
      tags,
      summary: `查询一条请求${note}`,
      params: { type: 'object', properties: { id: { type: 'string', example: '1024' } } },
      response: ok({ type: 'array', items: request }, '一条请求（数组）'),
    },
    token: {
      tags,
      summary: `由 token 查请求编号${note}`,
      params: { type: 'object', properties: { token: { type: 'string' } } },
      response: ok(
        {
          type: 'array',
          items: { type: 'object', properties: { service_request_id: { type: 'string' }, token: { type: 'string' } } },
        },
        'token 对应的请求编号',
      ),
    },
  };
}
