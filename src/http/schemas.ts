/** JSON Schemas of responses, for the OpenAPI docs; they also stop unlisted fields leaking out. */
const nullableString = { type: 'string', nullable: true } as const;
const named = {
  type: 'object',
  properties: { code: { type: 'string' }, name: { type: 'string' } },
} as const;

export const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string', example: 'validation_failed' },
        message: { type: 'string', example: '提交的内容有误：content 反映内容需在 2 到 2000 字之间' },
        messageEn: { type: 'string' },
        fields: {
          type: 'array',
          items: {
            type: 'object',
            properties: { field: { type: 'string' }, rule: { type: 'string' }, message: { type: 'string' } },
          },
        },
        requestId: { type: 'string' },
      },
    },
  },
} as const;

const reportSummary = {
  trackingCode: { type: 'string', example: '7KQ4M-XR9TE' },
  status: { type: 'string', example: 'assigned' },
  statusLabel: { type: 'string', example: '已分派至承办单位' },
  category: { type: 'object', properties: { ...named.properties, char: { type: 'string' } } },
  subcategory: named,
  department: named,
  deadline: { type: 'string', format: 'date-time', description: '整改期限' },
  acceptDeadline: { type: 'string', format: 'date-time', description: '受理期限' },
} as const;

export const createdSchema = {
  type: 'object',
  properties: {
    ...reportSummary,
    needsReview: { type: 'boolean', description: '自动分类把握不足，由创城办人工分拨' },
    trackingPath: { type: 'string' },
  },
} as const;

export const trackingSchema = {
  type: 'object',
  properties: {
    ...reportSummary,
    supporterCount: { type: 'integer', description: '点了“我也遇到”的群众人数' },
    feedback: {
      type: 'object',
      description: '群众评价：已整改的反映可在 rateBy 之前评价',
      properties: {
        canRate: { type: 'boolean' },
        rateBy: { type: 'string', format: 'date-time', nullable: true },
        latest: {
          type: ['object', 'null'],
          properties: {
            rating: { type: 'integer' },
            fixed: { type: 'boolean' },
            outcome: { type: 'string' },
            at: { type: 'string', format: 'date-time' },
          },
        },
      },
    },
    submittedAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
    timeline: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          at: { type: 'string', format: 'date-time' },
          type: { type: 'string' },
          fromStatus: nullableString,
          toStatus: nullableString,
          statusLabel: nullableString,
          note: nullableString,
          actor: { type: 'string' },
        },
      },
    },
    photos: {
      type: 'array',
      description: '承办单位上传的整改前/整改后照片',
      items: {
        type: 'object',
        properties: {
          id: { type: 'integer' },
          kind: { type: 'string', enum: ['before_photo', 'after_photo'] },
          url: { type: 'string' },
          thumbnailUrl: { type: 'string' },
          width: { type: 'integer', nullable: true },
          height: { type: 'integer', nullable: true },
          at: { type: 'string', format: 'date-time' },
        },
      },
    },
  },
} as const;

/** A duplicate's tracking answer also carries the report it was merged into, which the resident now follows. */
export const trackingWithMergeSchema = {
  type: 'object',
  properties: {
    ...trackingSchema.properties,
    mergedInto: { type: ['object', 'null'], properties: trackingSchema.properties },
  },
} as const;

export const classificationSchema = {
  type: 'object',
  properties: {
    category: { type: 'object', properties: { ...named.properties, char: { type: 'string' } } },
    subcategory: named,
    confidence: { type: 'number', description: '0 到 1' },
    needsReview: { type: 'boolean' },
    ranking: {
      type: 'array',
      items: { type: 'object', properties: { category: { type: 'string' }, score: { type: 'number' } } },
    },
    signals: {
      type: 'array',
      description: '决定分类的词语和规则',
      items: {
        type: 'object',
        properties: {
          term: { type: 'string' },
          subcategory: { type: 'string' },
          weight: { type: 'number' },
          source: { type: 'string', enum: ['lexicon', 'context', 'model'] },
        },
      },
    },
    routing: {
      type: 'object',
      properties: {
        department: named,
        ruleId: { type: 'integer', nullable: true },
        reason: { type: 'string' },
        resolveWithinHours: { type: 'integer' },
        deadline: { type: 'string', format: 'date-time' },
      },
    },
  },
} as const;

export const categoriesSchema = {
  type: 'array',
  items: {
    type: 'object',
    properties: {
      code: { type: 'string' },
      char: { type: 'string' },
      name: { type: 'string' },
      nameEn: { type: 'string' },
      scope: { type: 'string' },
      defaultResolveHours: { type: 'integer', description: '默认办结时限（工作小时）' },
      subcategories: { type: 'array', items: named },
    },
  },
} as const;

export const departmentsSchema = {
  type: 'array',
  items: {
    type: 'object',
    properties: {
      id: { type: 'integer', description: '承办单位 ID（工作人员接口用它指定单位）' },
      code: { type: 'string' },
      name: { type: 'string' },
      leaderName: nullableString,
      contactPhone: nullableString,
      isDispatchOffice: { type: 'boolean' },
    },
  },
} as const;

export const similarReportsSchema = {
  type: 'object',
  properties: {
    subcategory: { type: ['object', 'null'], properties: named.properties },
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'integer', description: '“我也遇到”时放进提交内容的 followsId' },
          status: { type: 'string' },
          statusLabel: { type: 'string' },
          category: { type: 'object', properties: { ...named.properties, char: { type: 'string' } } },
          subcategory: named,
          department: named,
          submittedAt: { type: 'string', format: 'date-time' },
          distanceMeters: { type: 'integer', nullable: true },
          sameAddress: { type: 'boolean' },
          supporterCount: { type: 'integer' },
        },
      },
    },
  },
} as const;

export const feedbackResultSchema = {
  type: 'object',
  properties: {
    outcome: { type: 'string', enum: ['closed', 'reopened'], description: 'closed：办结；reopened：退回重新办理' },
    trackingCode: { type: 'string' },
    status: { type: 'string' },
    statusLabel: { type: 'string' },
  },
} as const;
