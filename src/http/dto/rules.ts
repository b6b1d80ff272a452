import { IsInt, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';

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

/** May be left out. */
export const optional = (...decorators: PropertyDecorator[]) => rules(IsOptional(), ...decorators);

/** May be left out, or sent as null to clear it. */
export const nullable = (...decorators: PropertyDecorator[]) =>
  rules(
    IsOptional(),
    ValidateIf((_object, value) => value !== null),
    ...decorators,
  );

/** The optional free-text note many staff actions take. */
export const OptionalNote = () =>
  optional(IsString({ message: '说明必须是文字' }), MaxLength(2000, { message: '说明最多 2000 字' }));

/** The version of the report the member of staff saw; a newer one means someone else changed it. */
export const OptionalVersion = () => optional(IsInt({ message: 'version 必须是整数' }));
