/**
 * JSON Schemas of GeoReport v2 responses, written from the specification
 * (http://wiki.open311.org/GeoReport_v2 and its Service Discovery page): required fields, types,
 * enumerations, and W3C datetimes. Independent of the server's own OpenAPI descriptions, so a
 * response that drifts from the spec fails here.
 */
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

const nullableString = { type: ['string', 'null'] };
const w3cDatetime = { type: 'string', format: 'date-time' };
const nullableW3cDatetime = { anyOf: [w3cDatetime, { type: 'null' }] };

export const discoverySchema = {
  type: 'object',
  required: ['changeset', 'contact', 'key_service', 'endpoints'],
  properties: {
    changeset: w3cDatetime,
    contact: { type: 'string' },
    key_service: { type: 'string' },
    endpoints: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['specification', 'url', 'changeset', 'type', 'formats'],
        properties: {
          specification: { type: 'string', format: 'uri' },
          url: { type: 'string', format: 'uri' },
          changeset: w3cDatetime,
          type: { enum: ['production', 'test'] },
          formats: { type: 'array', minItems: 1, items: { enum: ['text/xml', 'application/json'] } },
        },
      },
    },
  },
};

export const servicesSchema = {
  type: 'array',
  items: {
    type: 'object',
    required: ['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group'],
    properties: {
      service_code: { type: 'string', minLength: 1 },
      service_name: { type: 'string', minLength: 1 },
      description: { type: 'string' },
      metadata: { type: 'boolean' },
      type: { enum: ['realtime', 'batch', 'blackbox'] },
      keywords: { type: 'string' },
      group: { type: 'string' },
    },
  },
};

export const serviceDefinitionSchema = {
  type: 'object',
  required: ['service_code', 'attributes'],
  properties: {
    service_code: { type: 'string' },
    attributes: {
      type: 'array',
      items: {
        type: 'object',
        required: ['variable', 'code', 'datatype', 'required', 'order', 'description'],
        properties: {
          variable: { type: 'boolean' },
          code: { type: 'string', minLength: 1 },
          datatype: { enum: ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] },
          required: { type: 'boolean' },
          datatype_description: nullableString,
          order: { type: 'integer' },
          description: { type: 'string' },
          values: {
            type: 'array',
            items: {
              type: 'object',
              required: ['key', 'name'],
              properties: { key: { type: 'string' }, name: { type: 'string' } },
            },
          },
        },
        // A list answer needs its values to choose from.
        if: { properties: { datatype: { enum: ['singlevaluelist', 'multivaluelist'] } } },
        then: { required: ['values'], properties: { values: { type: 'array', minItems: 1 } } },
      },
    },
  },
};

export const serviceRequestsSchema = {
  type: 'array',
  items: {
    type: 'object',
    required: ['service_request_id', 'status', 'service_code', 'requested_datetime'],
    properties: {
      service_request_id: { type: 'string', minLength: 1 },
      status: { enum: ['open', 'closed'] },
      status_notes: nullableString,
      service_name: nullableString,
      service_code: { type: 'string' },
      description: nullableString,
      agency_responsible: nullableString,
      service_notice: nullableString,
      requested_datetime: w3cDatetime,
      updated_datetime: nullableW3cDatetime,
      expected_datetime: nullableW3cDatetime,
      address: nullableString,
      address_id: nullableString,
      zipcode: nullableString,
      lat: { type: ['number', 'null'], minimum: -90, maximum: 90 },
      long: { type: ['number', 'null'], minimum: -180, maximum: 180 },
      media_url: { anyOf: [{ type: 'string', format: 'uri' }, { type: 'null' }] },
    },
  },
};

export const createdRequestSchema = {
  type: 'array',
  minItems: 1,
  items: {
    type: 'object',
    anyOf: [{ required: ['service_request_id'] }, { required: ['token'] }],
    properties: {
      service_request_id: { type: 'string', minLength: 1 },
      token: { type: 'string', minLength: 1 },
      service_notice: nullableString,
      account_id: nullableString,
    },
  },
};

export const tokenSchema = {
  type: 'array',
  minItems: 1,
  items: {
    type: 'object',
    required: ['token'],
    properties: { service_request_id: nullableString, token: { type: 'string' } },
  },
};

export const errorsSchema = {
  type: 'array',
  minItems: 1,
  items: {
    type: 'object',
    required: ['code', 'description'],
    properties: { code: { type: 'integer' }, description: { type: 'string', minLength: 1 } },
  },
};

const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
addFormats(ajv);

export const georeport = {
  discovery: ajv.compile(discoverySchema),
  services: ajv.compile(servicesSchema),
  serviceDefinition: ajv.compile(serviceDefinitionSchema),
  serviceRequests: ajv.compile(serviceRequestsSchema),
  created: ajv.compile(createdRequestSchema),
  token: ajv.compile(tokenSchema),
  errors: ajv.compile(errorsSchema),
};

/** Passes, or fails with ajv's own account of what is wrong. */
export function expectValid(validate: ValidateFunction, data: unknown): void {
  if (!validate(data))
    throw new Error(
      `not valid GeoReport v2: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(data).slice(0, 500)}`,
    );
}
