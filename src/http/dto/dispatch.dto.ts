import { IsIn, IsString, MaxLength } from 'class-validator';
import { CATEGORY_CODES, CategoryCode } from '../../domain/taxonomy';
import { CleanText, IdRule, OptionalNote, OptionalVersion } from './rules';

export class CorrectCategoryDto {
  @IsIn(CATEGORY_CODES, { message: `分类必须是 ${CATEGORY_CODES.join('、')} 之一` })
  category!: CategoryCode;

  @CleanText()
  @IsString({ message: '请选择子分类' })
  @MaxLength(40)
  subcategory!: string;

  @OptionalVersion()
  version?: number;
}

export class AssignDepartmentDto {
  @IdRule('请选择承办单位')
  departmentId!: number;

  @OptionalNote()
  note?: string;

  @OptionalVersion()
  version?: number;
}
