import { DataSource, EntityTarget, ObjectLiteral, QueryFailedError } from 'typeorm';
import { Department, ReplyTemplate, RoutingRule } from '../../db/entities';
import type { StaffUser } from '../../db/entities';
import { categoryOfSubcategory } from '../../domain/taxonomy';
import type { CategoryCode } from '../../domain/taxonomy';
import { NotFound, ValidationFailed } from '../../errors';
import { audit } from '../audit';
import { forgetRoutingData } from '../route-report';

/**
 * Admin upkeep of the reference data staff work with: departments, routing rules and reply
 * templates. Each change is audited with what was sent.
 */
async function saveAudited<T extends ObjectLiteral & { id: number }>(
  dataSource: DataSource,
  admin: StaffUser,
  entity: EntityTarget<T>,
  record: T,
  action: string,
  details: Record<string, unknown>,
): Promise<T> {
  const saved = await dataSource.transaction(async (manager) => {
    const stored = await manager.getRepository(entity).save(record);
    await audit(manager, {
      staffUserId: admin.id,
      username: admin.username,
      action,
      targetType: action.split('.')[1],
      targetId: stored.id,
      details,
    });
    return stored;
  });
  // After the commit, so no report can read and keep the old rows again.
  forgetRoutingData(dataSource);
  return saved;
}

/** PostgreSQL's unique_violation: another request saved the same value first. */
export function isUniqueViolation(error: unknown): error is QueryFailedError {
  return error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505';
}

/** The fields a request sent; a DTO instance also carries the ones it left out, as undefined. */
function definedOnly<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as Partial<T>;
}

async function findOr404<T extends ObjectLiteral>(
  dataSource: DataSource,
  entity: EntityTarget<T>,
  id: number,
  what: string,
): Promise<T> {
  const found = await dataSource.getRepository(entity).findOneBy({ id } as never);
  if (!found) throw new NotFound(`没有找到这个${what}`, `No ${what} ${id}`);
  return found;
}

export interface DepartmentInput {
  code?: string;
  name?: string;
  leaderName?: string | null;
  contactPhone?: string | null;
}

export async function saveDepartment(
  dataSource: DataSource,
  admin: StaffUser,
  id: number | undefined,
  input: DepartmentInput,
): Promise<Department> {
  const repo = dataSource.getRepository(Department);
  const department =
    id === undefined
      ? repo.create({ isDispatchOffice: false })
      : await findOr404(dataSource, Department, id, '承办单位');
  if (input.code !== undefined && input.code !== department.code && (await repo.existsBy({ code: input.code }))) {
    throw new ValidationFailed([{ field: 'code', rule: 'unique', message: '这个单位代码已被使用' }]);
  }
  Object.assign(department, definedOnly(input));
  try {
    return await saveAudited(
      dataSource,
      admin,
      Department,
      department,
      id === undefined ? 'admin.department.create' : 'admin.department.update',
      { ...input },
    );
  } catch (error) {
    // The check above cannot see a department saved at the same moment; the unique index can.
    if (isUniqueViolation(error)) {
      throw new ValidationFailed([{ field: 'code', rule: 'unique', message: '这个单位代码已被使用' }]);
    }
    throw error;
  }
}

export interface RoutingRuleInput {
  category?: CategoryCode;
  subcategory?: string | null;
  keyword?: string | null;
  area?: string | null;
  departmentId?: number;
  resolveWithinHours?: number | null;
  enabled?: boolean;
}

export function listRoutingRules(dataSource: DataSource): Promise<RoutingRule[]> {
  return dataSource.getRepository(RoutingRule).find({ order: { category: 'ASC', id: 'ASC' } });
}

export async function saveRoutingRule(
  dataSource: DataSource,
  admin: StaffUser,
  id: number | undefined,
  input: RoutingRuleInput,
): Promise<RoutingRule> {
  const rule =
    id === undefined
      ? dataSource.getRepository(RoutingRule).create({ enabled: true })
      : await findOr404(dataSource, RoutingRule, id, '路由规则');
  Object.assign(rule, definedOnly(input));
  if (rule.subcategory && categoryOfSubcategory(rule.subcategory) !== rule.category) {
    throw new ValidationFailed([
      { field: 'subcategory', rule: 'isIn', message: `${rule.subcategory} 不属于分类 ${rule.category}` },
    ]);
  }
  if (!(await dataSource.getRepository(Department).existsBy({ id: rule.departmentId }))) {
    throw new ValidationFailed([{ field: 'departmentId', rule: 'exists', message: '没有这个承办单位' }]);
  }
  return saveAudited(
    dataSource,
    admin,
    RoutingRule,
    rule,
    id === undefined ? 'admin.routing_rule.create' : 'admin.routing_rule.update',
    { ...input },
  );
}

export interface ReplyTemplateInput {
  title?: string;
  body?: string;
  category?: ReplyTemplate['category'];
  status?: ReplyTemplate['status'];
  active?: boolean;
}

/** Templates that fit a report: its category and status, or templates left open for any. */
export function listReplyTemplates(
  dataSource: DataSource,
  filter: { category?: ReplyTemplate['category']; status?: ReplyTemplate['status']; includeInactive?: boolean },
): Promise<ReplyTemplate[]> {
  const query = dataSource.getRepository(ReplyTemplate).createQueryBuilder('t').orderBy('t.id', 'ASC');
  if (!filter.includeInactive) query.andWhere('t.active');
  if (filter.category) query.andWhere('(t.category IS NULL OR t.category = :category)', { category: filter.category });
  if (filter.status) query.andWhere('(t.status IS NULL OR t.status = :status)', { status: filter.status });
  return query.getMany();
}

export async function saveReplyTemplate(
  dataSource: DataSource,
  admin: StaffUser,
  id: number | undefined,
  input: ReplyTemplateInput,
): Promise<ReplyTemplate> {
  const template =
    id === undefined
      ? dataSource.getRepository(ReplyTemplate).create({ active: true, category: null, status: null })
      : await findOr404(dataSource, ReplyTemplate, id, '答复模板');
  Object.assign(template, definedOnly(input));
  return saveAudited(
    dataSource,
    admin,
    ReplyTemplate,
    template,
    id === undefined ? 'admin.reply_template.create' : 'admin.reply_template.update',
    { ...input },
  );
}

/** Deletes a routing rule or a reply template (departments are kept: reports point at them). */
export async function deleteAudited(
  dataSource: DataSource,
  admin: StaffUser,
  entity: typeof RoutingRule | typeof ReplyTemplate,
  id: number,
): Promise<void> {
  const what = entity === RoutingRule ? '路由规则' : '答复模板';
  await findOr404<ObjectLiteral>(dataSource, entity, id, what);
  await dataSource.transaction(async (manager) => {
    await manager.getRepository(entity).delete(id);
    await audit(manager, {
      staffUserId: admin.id,
      username: admin.username,
      action: entity === RoutingRule ? 'admin.routing_rule.delete' : 'admin.reply_template.delete',
      targetType: entity === RoutingRule ? 'routing_rule' : 'reply_template',
      targetId: id,
    });
  });
  forgetRoutingData(dataSource);
}
