import { ValidationOptions, registerDecorator } from 'class-validator';

/**
 * Length in characters as a person counts them (code points), so an emoji or a rare character
 * outside the BMP counts once, unlike `@Length` which counts UTF-16 units.
 */
export function CharLength(min: number, max: number, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'charLength',
      target: target.constructor,
      propertyName: propertyName.toString(),
      constraints: [min, max],
      options,
      validator: {
        validate(value: unknown) {
          if (typeof value !== 'string') return false;
          const length = [...value].length;
          return length >= min && length <= max;
        },
      },
    });
  };
}
