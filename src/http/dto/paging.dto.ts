import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { Optional } from './rules';

/** Deeper than this nobody pages by hand; a huge offset would only make the database work (or fail). */
export const MAX_OFFSET = 100_000;

/** `limit` and `offset` of a paged list; query strings arrive as text, hence the conversion. */
export class PageQueryDto {
  @Optional()
  @Type(() => Number)
  @IsInt({ message: 'limit 必须是整数' })
  @Min(1, { message: 'limit 至少为 1' })
  @Max(100, { message: 'limit 最多为 100' })
  limit?: number;

  @Optional()
  @Type(() => Number)
  @IsInt({ message: 'offset 必须是整数' })
  @Min(0, { message: 'offset 不能为负数' })
  @Max(MAX_OFFSET, { message: `offset 最多为 ${MAX_OFFSET}` })
  offset?: number;
}
