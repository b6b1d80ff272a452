import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { STAFF_ROLES, StaffRole } from '../../db/entities/staff-user.entity';
import { SUBMISSION_STATUSES, SubmissionStatus } from '../../domain/lifecycle/status';
import { MIN_PASSWORD_LENGTH, USERNAME_PATTERN } from '../../domain/staff-policy';
import { CATEGORY_CODES, CategoryCode } from '../../domain/taxonomy';

const ROLE_MESSAGE = `角色必须是 ${STAFF_ROLES.join('、')} 之一`;

export class UpdateStaffDto {
  @IsOptional()
  @IsString()
  @IsNotEmpty({ message: '请填写姓名' })
  @MaxLength(50, { message: '姓名最多 50 字' })
  displayName?: string;

  @IsOptional()
  @IsIn(STAFF_ROLES, { message: ROLE_MESSAGE })
  role?: StaffRole;

  @IsOptional()
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH, { message: `密码至少 ${MIN_PASSWORD_LENGTH} 位` })
  @MaxLength(200, { message: '密码最多 200 位' })
  password?: string;

  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsInt({ message: 'departmentId 必须是整数或 null' })
  departmentId?: number | null;

  @IsOptional()
  @IsArray({ message: 'departmentIds 必须是承办单位 ID 的列表' })
  @ArrayMaxSize(50)
  @IsInt({ each: true, message: 'departmentIds 的每一项都必须是整数' })
  departmentIds?: number[];

  @IsOptional()
  @IsBoolean({ message: 'active 必须是 true 或 false' })
  active?: boolean;
}

/** Written out in full: class-validator would carry the update DTO's @IsOptional into a subclass. */
export class CreateStaffDto {
  @IsString({ message: '请填写用户名' })
  @Matches(USERNAME_PATTERN, { message: '用户名为 3 到 60 位字母、数字、点、横线或下划线' })
  username!: string;

  @IsString({ message: '请填写姓名' })
  @IsNotEmpty({ message: '请填写姓名' })
  @MaxLength(50, { message: '姓名最多 50 字' })
  displayName!: string;

  @IsIn(STAFF_ROLES, { message: ROLE_MESSAGE })
  role!: StaffRole;

  @IsString({ message: '请设置初始密码' })
  @MinLength(MIN_PASSWORD_LENGTH, { message: `密码至少 ${MIN_PASSWORD_LENGTH} 位` })
  @MaxLength(200, { message: '密码最多 200 位' })
  password!: string;

  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsInt({ message: 'departmentId 必须是整数或 null' })
  departmentId?: number | null;

  @IsOptional()
  @IsArray({ message: 'departmentIds 必须是承办单位 ID 的列表' })
  @ArrayMaxSize(50)
  @IsInt({ each: true, message: 'departmentIds 的每一项都必须是整数' })
  departmentIds?: number[];

  @IsOptional()
  @IsBoolean({ message: 'active 必须是 true 或 false' })
  active?: boolean;
}

export class UpdateDepartmentDto {
  @IsOptional()
  @IsString()
  @Matches(/^[a-z][a-z0-9_]{1,39}$/, { message: '单位代码为 2 到 40 位小写字母、数字或下划线，以字母开头' })
  code?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty({ message: '请填写单位名称' })
  @MaxLength(100, { message: '单位名称最多 100 字' })
  name?: string;

  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @MaxLength(50, { message: '领导姓名最多 50 字' })
  leaderName?: string | null;

  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @MaxLength(40, { message: '电话最多 40 位' })
  contactPhone?: string | null;
}

/** Written out in full: class-validator would carry the update DTO's @IsOptional into a subclass. */
export class CreateDepartmentDto {
  @IsString({ message: '请填写单位代码' })
  @Matches(/^[a-z][a-z0-9_]{1,39}$/, { message: '单位代码为 2 到 40 位小写字母、数字或下划线，以字母开头' })
  code!: string;

  @IsString({ message: '请填写单位名称' })
  @IsNotEmpty({ message: '请填写单位名称' })
  @MaxLength(100, { message: '单位名称最多 100 字' })
  name!: string;

  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @MaxLength(50, { message: '领导姓名最多 50 字' })
  leaderName?: string | null;

  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @MaxLength(40, { message: '电话最多 40 位' })
  contactPhone?: string | null;
}

const nullable = (_: object, value: unknown) => value !== null;

export class UpdateRoutingRuleDto {
  @IsOptional()
  @IsIn(CATEGORY_CODES, { message: `分类必须是 ${CATEGORY_CODES.join('、')} 之一` })
  category?: CategoryCode;

  @IsOptional()
  @ValidateIf(nullable)
  @IsString()
  @MaxLength(40)
  subcategory?: string | null;

  @IsOptional()
  @ValidateIf(nullable)
  @IsString()
  @MaxLength(60, { message: '关键词最多 60 字' })
  keyword?: string | null;

  @IsOptional()
  @ValidateIf(nullable)
  @IsString()
  @MaxLength(60, { message: '地区最多 60 字' })
  area?: string | null;

  @IsOptional()
  @IsInt({ message: '请选择承办单位' })
  departmentId?: number;

  @IsOptional()
  @ValidateIf(nullable)
  @IsInt({ message: '办结时限必须是整数小时' })
  @Min(1, { message: '办结时限至少 1 个工作小时' })
  @Max(24 * 60, { message: '办结时限最多 1440 个工作小时' })
  resolveWithinHours?: number | null;

  @IsOptional()
  @IsBoolean({ message: 'enabled 必须是 true 或 false' })
  enabled?: boolean;
}

/** Written out in full: class-validator would carry the update DTO's @IsOptional into a subclass. */
export class CreateRoutingRuleDto {
  @IsIn(CATEGORY_CODES, { message: `分类必须是 ${CATEGORY_CODES.join('、')} 之一` })
  category!: CategoryCode;

  @IsInt({ message: '请选择承办单位' })
  departmentId!: number;

  @IsOptional()
  @ValidateIf(nullable)
  @IsString()
  @MaxLength(40)
  subcategory?: string | null;

  @IsOptional()
  @ValidateIf(nullable)
  @IsString()
  @MaxLength(60, { message: '关键词最多 60 字' })
  keyword?: string | null;

  @IsOptional()
  @ValidateIf(nullable)
  @IsString()
  @MaxLength(60, { message: '地区最多 60 字' })
  area?: string | null;

  @IsOptional()
  @ValidateIf(nullable)
  @IsInt({ message: '办结时限必须是整数小时' })
  @Min(1, { message: '办结时限至少 1 个工作小时' })
  @Max(24 * 60, { message: '办结时限最多 1440 个工作小时' })
  resolveWithinHours?: number | null;

  @IsOptional()
  @IsBoolean({ message: 'enabled 必须是 true 或 false' })
  enabled?: boolean;
}

export class UpdateReplyTemplateDto {
  @IsOptional()
  @IsString()
  @IsNotEmpty({ message: '请填写模板标题' })
  @MaxLength(60, { message: '标题最多 60 字' })
  title?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty({ message: '请填写模板内容' })
  @MaxLength(2000, { message: '内容最多 2000 字' })
  body?: string;

  @IsOptional()
  @ValidateIf(nullable)
  @IsIn(CATEGORY_CODES, { message: `分类必须是 ${CATEGORY_CODES.join('、')} 之一，或 null（适用全部）` })
  category?: CategoryCode | null;

  @IsOptional()
  @ValidateIf(nullable)
  @IsIn(SUBMISSION_STATUSES, { message: '状态不正确，或填 null（适用全部）' })
  status?: SubmissionStatus | null;

  @IsOptional()
  @IsBoolean({ message: 'active 必须是 true 或 false' })
  active?: boolean;
}

/** Written out in full: class-validator would carry the update DTO's @IsOptional into a subclass. */
export class CreateReplyTemplateDto {
  @IsString({ message: '请填写模板标题' })
  @IsNotEmpty({ message: '请填写模板标题' })
  @MaxLength(60, { message: '标题最多 60 字' })
  title!: string;

  @IsString({ message: '请填写模板内容' })
  @IsNotEmpty({ message: '请填写模板内容' })
  @MaxLength(2000, { message: '内容最多 2000 字' })
  body!: string;

  @IsOptional()
  @ValidateIf(nullable)
  @IsIn(CATEGORY_CODES, { message: `分类必须是 ${CATEGORY_CODES.join('、')} 之一，或 null（适用全部）` })
  category?: CategoryCode | null;

  @IsOptional()
  @ValidateIf(nullable)
  @IsIn(SUBMISSION_STATUSES, { message: '状态不正确，或填 null（适用全部）' })
  status?: SubmissionStatus | null;

  @IsOptional()
  @IsBoolean({ message: 'active 必须是 true 或 false' })
  active?: boolean;
}

export class TemplateQueryDto {
  @IsOptional()
  @IsIn(CATEGORY_CODES, { message: '分类不正确' })
  category?: CategoryCode;

  @IsOptional()
  @IsIn(SUBMISSION_STATUSES, { message: '状态不正确' })
  status?: SubmissionStatus;
}
