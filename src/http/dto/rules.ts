import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateIf } from 'class-validator';

/**
 * Several property decorators as one, so a field's rules are written once and shared by the
 * create and the update DTO. (A subclass would not do: class-validator would carry the update
 * DTO's @IsOptional into it.)
 */
export function rules(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => {
    for (const decorate of decorators) decorate(target, key);
  };
}

/**
 * May be left out; a null counts as left out. Clients often send `"field": null` for "none", and
 * class-validator's IsOptional lets a null through to code that only expects a value or nothing.
 */
export const Optional = (): PropertyDecorator =>
  rules(
    Transform(({ value }: { value: unknown }) => (value === null ? undefined : value)),
    IsOptional(),
  );

/** May be left out (or sent as null). */
export const optional = (...decorators: PropertyDecorator[]) => rules(Optional(), ...decorators);

/** May be left out, or sent as null to clear it. */
export const nullable = (...decorators: PropertyDecorator[]) =>
  rules(
    IsOptional(),
    ValidateIf((_object, value) => value !== null),
    ...decorators,
  );

/** Trims, and drops NUL characters, which PostgreSQL cannot store in text. For `@Transform`. */
export const trim = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.replaceAll('\u0000', '').trim() : value;

/** A resident's id on a messaging channel (`submitter.id`): visible ASCII, as channel clients send it. */
export const CHANNEL_ID = /^[\x21-\x7e]{1,128}$/;

/**
 * Text kept as an exact key rather than cleaned up (a channel handle): PostgreSQL cannot store
 * a NUL, so one is refused, as no stored key can hold it.
 */
// eslint-disable-next-line no-control-regex
export const WITHOUT_NUL = /^[^\u0000]*$/;

/** Free text that goes to the database: trimmed, without NUL characters. */
export const CleanText = () => Transform(trim);

/** The largest id PostgreSQL's `int` column holds; a larger one would fail in the database (500). */
export const MAX_ID = 2_147_483_647;

/** A database id: a positive integer that fits an `int` column. `each` checks every item of a list. */
export const IdRule = (message = '编号必须是正整数', options: { each?: boolean } = {}) =>
  rules(
    IsInt({ ...options, message }),
    Min(1, { ...options, message }),
    Max(MAX_ID, { ...options, message: `编号不能大于 ${MAX_ID}` }),
  );

/** The optional free-text note many staff actions take. */
export const OptionalNote = () =>
  optional(CleanText(), IsString({ message: '说明必须是文字' }), MaxLength(2000, { message: '说明最多 2000 字' }));

/** The version of the report the member of staff saw; a newer one means someone else changed it. */
export const OptionalVersion = () => optional(IsInt({ message: 'version 必须是整数' }));
