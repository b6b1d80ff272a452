import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { STAFF_ROLES, StaffRole } from '../../db/entities/staff-user.entity';
import { SUBMISSION_STATUSES, SubmissionStatus } from '../../domain/lifecycle/status';
import { MIN_PASSWORD_LENGTH, USERNAME_PATTERN } from '../../domain/staff-policy';
import { CATEGORY_CODES, CategoryCode } from '../../domain/taxonomy';
import { CleanText, IdRule, nullable, optional, rules } from './rules';

/** Each field's rules once; the DTOs below say which are required when creating. */
const field = {
  username: () => [
    IsString({ message: '请填写用户名' }),
    Matches(USERNAME_PATTERN, { message: '用户名为 3 到 60 位字母、数字、点、横线或下划线' }),
  ],
  displayName: () => [
    CleanText(),
    IsString({ message: '请填写姓名' }),
    IsNotEmpty({ message: '请填写姓名' }),
    MaxLength(50, { message: '姓名最多 50 字' }),
  ],
  role: () => [IsIn(STAFF_ROLES, { message: `角色必须是 ${STAFF_ROLES.join('、')} 之一` })],
  password: () => [
    IsString({ message: '请设置密码' }),
    MinLength(MIN_PASSWORD_LENGTH, { message: `密码至少 ${MIN_PASSWORD_LENGTH} 位` }),
    MaxLength(200, { message: '密码最多 200 位' }),
  ],
  departmentId: () => [IdRule('请选择承办单位')],
  departmentIds: () => [
    IsArray({ message: 'departmentIds 必须是承办单位 ID 的列表' }),
    ArrayMaxSize(50),
    IdRule('departmentIds 的每一项都必须是承办单位 ID（正整数）', { each: true }),
  ],
  active: () => [IsBoolean({ message: 'active 必须是 true 或 false' })],
  departmentCode: () => [
    IsString({ message: '请填写单位代码' }),
    Matches(/^[a-z][a-z0-9_]{1,39}$/, { message: '单位代码为 2 到 40 位小写字母、数字或下划线，以字母开头' }),
  ],
  departmentName: () => [
    CleanText(),
    IsString({ message: '请填写单位名称' }),
    IsNotEmpty({ message: '请填写单位名称' }),
    MaxLength(100, { message: '单位名称最多 100 字' }),
  ],
  leaderName: () => [CleanText(), IsString(), MaxLength(50, { message: '领导姓名最多 50 字' })],
  officePhone: () => [CleanText(), IsString(), MaxLength(40, { message: '电话最多 40 位' })],
  category: () => [IsIn(CATEGORY_CODES, { message: `分类必须是 ${CATEGORY_CODES.join('、')} 之一` })],
  subcategory: () => [CleanText(), IsString(), MaxLength(40)],
  keyword: () => [CleanText(), IsString(), MaxLength(60, { message: '关键词最多 60 字' })],
  area: () => [CleanText(), IsString(), MaxLength(60, { message: '地区最多 60 字' })],
  resolveWithinHours: () => [
    IsInt({ message: '办结时限必须是整数小时' }),
    Min(1, { message: '办结时限至少 1 个工作小时' }),
    Max(24 * 60, { message: '办结时限最多 1440 个工作小时' }),
  ],
  enabled: () => [IsBoolean({ message: 'enabled 必须是 true 或 false' })],
  title: () => [
    CleanText(),
    IsString({ message: '请填写模板标题' }),
    IsNotEmpty({ message: '请填写模板标题' }),
    MaxLength(60, { message: '标题最多 60 字' }),
  ],
  body: () => [
    CleanText(),
    IsString({ message: '请填写模板内容' }),
    IsNotEmpty({ message: '请填写模板内容' }),
    MaxLength(2000, { message: '内容最多 2000 字' }),
  ],
  status: () => [IsIn(SUBMISSION_STATUSES, { message: '状态不正确' })],
};

export class CreateStaffDto {
  @rules(...field.username()) username!: string;
  @rules(...field.displayName()) displayName!: string;
  @rules(...field.role()) role!: StaffRole;
  @rules(...field.password()) password!: string;
  @nullable(...field.departmentId()) departmentId?: number | null;
  @optional(...field.departmentIds()) departmentIds?: number[];
  @optional(...field.active()) active?: boolean;
}

export class UpdateStaffDto {
  @optional(...field.displayName()) displayName?: string;
  @optional(...field.role()) role?: StaffRole;
  @optional(...field.password()) password?: string;
  @nullable(...field.departmentId()) departmentId?: number | null;
  @optional(...field.departmentIds()) departmentIds?: number[];
  @optional(...field.active()) active?: boolean;
}

export class CreateDepartmentDto {
  @rules(...field.departmentCode()) code!: string;
  @rules(...field.departmentName()) name!: string;
  @nullable(...field.leaderName()) leaderName?: string | null;
  @nullable(...field.officePhone()) contactPhone?: string | null;
}

export class UpdateDepartmentDto {
  @optional(...field.departmentCode()) code?: string;
  @optional(...field.departmentName()) name?: string;
  @nullable(...field.leaderName()) leaderName?: string | null;
  @nullable(...field.officePhone()) contactPhone?: string | null;
}

export class CreateRoutingRuleDto {
  @rules(...field.category()) category!: CategoryCode;
  @rules(...field.departmentId()) departmentId!: number;
  @nullable(...field.subcategory()) subcategory?: string | null;
  @nullable(...field.keyword()) keyword?: string | null;
  @nullable(...field.area()) area?: string | null;
  @nullable(...field.resolveWithinHours()) resolveWithinHours?: number | null;
  @optional(...field.enabled()) enabled?: boolean;
}

export class UpdateRoutingRuleDto {
  @optional(...field.category()) category?: CategoryCode;
  @optional(...field.departmentId()) departmentId?: number;
  @nullable(...field.subcategory()) subcategory?: string | null;
  @nullable(...field.keyword()) keyword?: string | null;
  @nullable(...field.area()) area?: string | null;
  @nullable(...field.resolveWithinHours()) resolveWithinHours?: number | null;
  @optional(...field.enabled()) enabled?: boolean;
}

/** Templates with an empty category or status fit every one. */
export class CreateReplyTemplateDto {
  @rules(...field.title()) title!: string;
  @rules(...field.body()) body!: string;
  @nullable(...field.category()) category?: CategoryCode | null;
  @nullable(...field.status()) status?: SubmissionStatus | null;
  @optional(...field.active()) active?: boolean;
}

export class UpdateReplyTemplateDto {
  @optional(...field.title()) title?: string;
  @optional(...field.body()) body?: string;
  @nullable(...field.category()) category?: CategoryCode | null;
  @nullable(...field.status()) status?: SubmissionStatus | null;
  @optional(...field.active()) active?: boolean;
}

export class TemplateQueryDto {
  @optional(...field.category()) category?: CategoryCode;
  @optional(...field.status()) status?: SubmissionStatus;
}

/** An Open311 client to issue a key to. */
export class CreateOpen311ClientDto {
  @rules(
    CleanText(),
    IsString({ message: '请填写客户端名称' }),
    IsNotEmpty({ message: '请填写客户端名称' }),
    MaxLength(100, { message: '名称最多 100 字' }),
  )
  name!: string;

  @optional(
    CleanText(),
    IsString({ message: '联系方式必须是文字' }),
    MaxLength(200, { message: '联系方式最多 200 字' }),
  )
  contact?: string;
}
