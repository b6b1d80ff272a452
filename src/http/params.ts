import { ValidationFailed } from '../errors';

/** A numeric id from the path; anything else is a 400 naming the field, not a database error. */
export function parseId(raw: string, field = 'id'): number {
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0 || id > 2_147_483_647)
    throw new ValidationFailed([{ field, rule: 'isInt', message: '编号必须是正整数' }]);
  return id;
}
