import { IsIn, IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { CATEGORY_CODES, CategoryCode } from '../../domain/taxonomy';

export class CorrectCategoryDto {
  @IsIn(CATEGORY_CODES, { message: `分类必须是 ${CATEGORY_CODES.join('、')} 之一` })
  category!: CategoryCode;

  @IsString({ message: '请选择子分类' })
  @MaxLength(40)
  subcategory!: string;

  @IsOptional()
  @IsInt({ message: 'version 必须是整数' })
  version?: number;
}

export class AssignDepartmentDto {
  @IsInt({ message: '请选择承办单位' })
  @Min(1, { message: '请选择承办单位' })
  departmentId!: number;

  @IsOptional()
  @IsString({ message: '说明必须是文字' })
  @MaxLength(2000, { message: '说明最多 2000 字' })
  note?: string;

  @IsOptional()
  @IsInt({ message: 'version 必须是整数' })
  version?: number;
}
