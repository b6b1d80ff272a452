import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { PageQueryDto } from './paging.dto';
import { CleanText, IdRule, Optional, OptionalNote, OptionalVersion } from './rules';

export class MergeDto {
  @IdRule('请填写要合并到的反映编号（数字 ID）')
  targetId!: number;

  @OptionalNote()
  note?: string;

  @OptionalVersion()
  version?: number;
}

export class SupportingDepartmentsDto {
  @IsArray({ message: 'departmentIds 必须是承办单位 ID 的列表' })
  @ArrayMaxSize(20, { message: '协办单位最多 20 个' })
  @IdRule('departmentIds 的每一项都必须是承办单位 ID（正整数）', { each: true })
  departmentIds!: number[];
}

export class NoteBodyDto {
  @CleanText()
  @IsString({ message: '内容必须是文字' })
  @IsNotEmpty({ message: '内容不能为空' })
  @MaxLength(2000, { message: '内容最多 2000 字' })
  body!: string;
}

export class ReplyDto extends NoteBodyDto {
  /** The template the reply started from, for the record; the text sent is `body`. */
  @Optional()
  @IdRule('templateId 必须是答复模板 ID（正整数）')
  templateId?: number;
}

export class ExtensionRequestDto {
  @IsInt({ message: '延期时长必须是整数小时' })
  @Min(1, { message: '延期至少 1 个工作小时' })
  @Max(24 * 30, { message: '延期最多 720 个工作小时（30 个工作日）' })
  hours!: number;

  @CleanText()
  @IsString({ message: '理由必须是文字' })
  @IsNotEmpty({ message: '请填写延期理由' })
  @MaxLength(2000, { message: '理由最多 2000 字' })
  reason!: string;
}

export class ExtensionDecisionDto {
  @IsBoolean({ message: 'approve 必须是 true（批准）或 false（不批准）' })
  approve!: boolean;

  @OptionalNote()
  note?: string;
}

export class ExtensionListQueryDto {
  @Optional()
  @IsIn(['pending', 'approved', 'refused'], { message: 'status 必须是 pending、approved 或 refused' })
  status?: 'pending' | 'approved' | 'refused';
}

export class AuditQueryDto extends PageQueryDto {}
