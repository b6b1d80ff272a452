import { Type } from 'class-transformer';
import { IsIn, IsString, Matches, MaxLength } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { CATEGORY_CODES } from '../../domain/taxonomy';
import { STATISTICS_PARTS } from '../../services/statistics/statistics';
import { CleanText, IdRule, Optional } from './rules';

const PARTS = new RegExp(`^(${STATISTICS_PARTS.join('|')})(,(${STATISTICS_PARTS.join('|')}))*$`);
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class StatisticsQueryDto {
  @Matches(DATE, { message: 'from 应为日期，如 2026-12-01' })
  @JSONSchema({ description: '起始日期（北京时间，含当天）', example: '2026-12-01' })
  from!: string;

  @Matches(DATE, { message: 'to 应为日期，如 2026-12-31' })
  @JSONSchema({ description: '结束日期（北京时间，含当天）', example: '2026-12-31' })
  to!: string;

  @Optional()
  @IsIn(['day', 'week'], { message: 'interval 必须是 day 或 week' })
  interval?: 'day' | 'week';

  @Optional()
  @Type(() => Number)
  @IdRule()
  @JSONSchema({ description: '只看一个承办单位' })
  departmentId?: number;

  @Optional()
  @IsIn(CATEGORY_CODES, { message: `category 必须是 ${CATEGORY_CODES.join('、')} 之一` })
  category?: string;

  @Optional()
  @CleanText()
  @IsString()
  @MaxLength(60, { message: 'area 最多 60 个字' })
  @JSONSchema({ description: '只看一个片区（分拨规则里的片区名，地址中含有它的反映）', example: '东城街道' })
  area?: string;

  @Optional()
  @Matches(PARTS, { message: `parts 是以逗号分隔的 ${STATISTICS_PARTS.join('、')}` })
  @JSONSchema({
    description: '只计算其中几部分（逗号分隔）：counts 计数与排名，durations 受理/办结用时，hotspots 热点；默认全部',
    example: 'counts',
  })
  parts?: string;
}
