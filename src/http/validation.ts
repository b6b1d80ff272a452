import { plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';
import { targetConstructorToSchema } from 'class-validator-jsonschema';
import type { FastifySchemaCompiler } from 'fastify';
import { FieldProblem, ValidationFailed } from '../errors';

/**
 * class-validator is the request validator (not ajv): a route names its DTO class in its schema
 * with `dtoSchema(Dto)`; the same call produces the JSON Schema the OpenAPI docs show.
 */
type DtoClass = new () => object;
const DTO_KEY = 'x-dto';
const registry = new Map<string, DtoClass>();

export function dtoSchema(dto: DtoClass): Record<string, unknown> {
  const known = registry.get(dto.name);
  if (known && known !== dto) throw new Error(`two request DTO classes are named ${dto.name}`);
  registry.set(dto.name, dto);
  return { ...inlineRefs(targetConstructorToSchema(dto) as Record<string, unknown>), [DTO_KEY]: dto.name };
}

/** Nested DTOs come back as `$ref`s to definitions; the docs want them inline. */
function inlineRefs(schema: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$ref' && typeof value === 'string') {
      const nested = registryLookup(value.split('/').pop() ?? '');
      if (nested) return inlineRefs(targetConstructorToSchema(nested) as Record<string, unknown>);
    }
    if (Array.isArray(value)) {
      result[key] = value.map((item) => (isRecord(item) ? inlineRefs(item) : item));
    } else {
      result[key] = isRecord(value) ? inlineRefs(value) : value;
    }
  }
  return result;
}

function registryLookup(name: string): DtoClass | undefined {
  return registry.get(name) ?? nestedDtos.get(name);
}

const nestedDtos = new Map<string, DtoClass>();
/** Registers DTOs used only nested inside another, so their `$ref` can be inlined. */
export function registerNestedDto(...dtos: DtoClass[]): void {
  for (const dto of dtos) nestedDtos.set(dto.name, dto);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Turns a plain request body into a validated DTO instance, or throws ValidationFailed. */
export function validateDto<T extends object>(dto: new () => T, input: unknown): T {
  if (!isRecord(input)) {
    throw new ValidationFailed([{ field: 'body', rule: 'object', message: '请求体必须是 JSON 对象' }]);
  }
  const instance = plainToInstance(dto, input);
  const errors = validateSync(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
  });
  if (errors.length > 0) throw new ValidationFailed(flatten(errors, ''));
  return instance;
}

/** One problem per field is enough to act on: report the most basic rule that failed. */
const BASIC_RULES = ['whitelistValidation', 'isDefined', 'isObject', 'isString', 'isNumber', 'isBoolean', 'isIn'];
function priority(rule: string): number {
  const index = BASIC_RULES.indexOf(rule);
  return index === -1 ? BASIC_RULES.length : index;
}

function flatten(errors: readonly ValidationError[], prefix: string): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {})
      .sort(([a], [b]) => priority(a) - priority(b))
      .slice(0, 1)
      .map(([rule, message]) => ({
        field,
        rule,
        message: rule === 'whitelistValidation' ? '不是可接受的字段' : message,
      }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Fastify's validator seam: bodies whose schema names a DTO go through class-validator. */
export const classValidatorCompiler: FastifySchemaCompiler<Record<string, unknown>> = ({ schema }) => {
  const name = schema[DTO_KEY];
  const dto = typeof name === 'string' ? registry.get(name) : undefined;
  if (!dto) return (data: unknown) => ({ value: data });
  return (data: unknown) => {
    try {
      return { value: validateDto(dto, data) };
    } catch (error) {
      return { error: error as Error };
    }
  };
};
