import { IsIn } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { StaffQueueQueryDto } from './staff-queue.dto';
import { StatisticsQueryDto } from './statistics.dto';
import { Optional } from './rules';

export const STATISTICS_TABLES = [
  'departments',
  'category',
  'subcategory',
  'department',
  'channel',
  'status',
  'area',
  'series',
] as const;
export type StatisticsTable = (typeof STATISTICS_TABLES)[number];

export class StatisticsExportQueryDto extends StatisticsQueryDto {
  @Optional()
  @IsIn(['csv', 'xlsx'], { message: 'format 必须是 csv 或 xlsx' })
  @JSONSchema({ description: 'csv（默认，UTF-8 带 BOM）或 xlsx（Excel 工作簿）' })
  format?: 'csv' | 'xlsx';

  @Optional()
  @IsIn(STATISTICS_TABLES, { message: `table 必须是 ${STATISTICS_TABLES.join('、')} 之一` })
  @JSONSchema({ description: 'departments：承办单位排行（默认）；其余为各分组计数或每日/每周序列' })
  table?: StatisticsTable;
}

export class QueueExportQueryDto extends StaffQueueQueryDto {
  @Optional()
  @IsIn(['csv', 'xlsx'], { message: 'format 必须是 csv 或 xlsx' })
  @JSONSchema({ description: 'csv（默认，UTF-8 带 BOM）或 xlsx（Excel 工作簿）' })
  format?: 'csv' | 'xlsx';
}
