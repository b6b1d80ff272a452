import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsDate, IsIn, IsString, MaxLength } from 'class-validator';
import { LIFECYCLE_ACTIONS, LifecycleAction } from '../../domain/lifecycle/state-machine';
import { SUBMISSION_STATUSES, SubmissionStatus } from '../../domain/lifecycle/status';
import { SUBMISSION_CHANNELS, SubmissionChannel } from '../../domain/channels';
import { CATEGORIES, CATEGORY_CODES, CategoryCode } from '../../domain/taxonomy';
import { QUEUE_SORTS, QueueSort } from '../../services/staff-queue';
import { PageQueryDto } from './paging.dto';
import { CleanText, IdRule, Optional, OptionalNote, OptionalVersion } from './rules';

const SUBCATEGORY_CODES = CATEGORIES.flatMap((category) => category.subcategories.map((sub) => sub.code));

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class StaffQueueQueryDto extends PageQueryDto {
  @Optional()
  @IsIn(SUBMISSION_STATUSES, { message: '状态不正确' })
  status?: SubmissionStatus;

  @Optional()
  @IsIn(CATEGORY_CODES, { message: '分类不正确' })
  category?: CategoryCode;

  @Optional()
  @IsIn(SUBCATEGORY_CODES, { message: '小类不正确' })
  subcategory?: string;

  @Optional()
  @IsIn(SUBMISSION_CHANNELS, { message: `渠道必须是 ${SUBMISSION_CHANNELS.join('、')} 之一` })
  channel?: SubmissionChannel;

  @Optional()
  @Type(() => Number)
  @IdRule('departmentId 必须是承办单位 ID（正整数）')
  departmentId?: number;

  @Optional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'needsReview 必须是 true 或 false' })
  needsReview?: boolean;

  @Optional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'overdue 必须是 true 或 false' })
  overdue?: boolean;

  @Optional()
  @IsIn(QUEUE_SORTS, { message: `排序必须是 ${QUEUE_SORTS.join('、')} 之一` })
  sort?: QueueSort;

  @Optional()
  @CleanText()
  @IsString()
  @MaxLength(100, { message: '搜索词最多 100 个字' })
  q?: string;

  @Optional()
  @Type(() => Date)
  @IsDate({ message: 'from 必须是日期，如 2026-11-01' })
  from?: Date;

  @Optional()
  @Type(() => Date)
  @IsDate({ message: 'to 必须是日期，如 2026-12-01' })
  to?: Date;
}

export class StaffActionDto {
  @IsIn(LIFECYCLE_ACTIONS, { message: `操作必须是 ${LIFECYCLE_ACTIONS.join('、')} 之一` })
  action!: LifecycleAction;

  @OptionalNote()
  note?: string;

  @OptionalVersion()
  version?: number;
}
