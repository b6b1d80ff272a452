import fs from 'node:fs';
import path from 'node:path';
import { findProjectRoot } from '../../config';
import { CategoryCode, categoryOfSubcategory, isCategoryCode } from '../../domain/taxonomy';
import { SUBMISSION_STATUSES, SubmissionStatus } from '../../domain/lifecycle/status';

/**
 * The district's default departments and routing rules, kept as data in `data/` so they can be
 * changed without touching code. The seed loads them into the database at the first start; the
 * classify CLI routes with them directly, without a database.
 */
export interface DepartmentData {
  readonly code: string;
  readonly name: string;
  readonly isDispatchOffice: boolean;
}

export interface RoutingRuleData {
  readonly category: CategoryCode;
  readonly subcategory: string | null;
  readonly keyword: string | null;
  readonly area: string | null;
  /** Department code. */
  readonly department: string;
  readonly resolveWithinHours: number | null;
}

function readJson(file: string): unknown[] {
  const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!Array.isArray(parsed)) throw new Error(`${file}: expected a JSON array`);
  return parsed;
}

function optionalString(value: unknown, where: string, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.trim() === '')
    throw new Error(`${where}: ${field} must be a non-empty string`);
  return value.trim();
}

export function loadDefaultDepartments(dataDir = path.join(findProjectRoot(), 'data')): DepartmentData[] {
  const file = path.join(dataDir, 'departments.json');
  return readJson(file).map((raw, i) => {
    const where = `${file}[${i}]`;
    const row = raw as Record<string, unknown>;
    const code = optionalString(row.code, where, 'code');
    const name = optionalString(row.name, where, 'name');
    if (!code || !name) throw new Error(`${where}: code and name are required`);
    return { code, name, isDispatchOffice: row.isDispatchOffice === true };
  });
}

export function loadDefaultRoutingRules(dataDir = path.join(findProjectRoot(), 'data')): RoutingRuleData[] {
  const file = path.join(dataDir, 'routing-rules.json');
  const departments = new Set(loadDefaultDepartments(dataDir).map((d) => d.code));
  return readJson(file).map((raw, i) => {
    const where = `${file}[${i}]`;
    const row = raw as Record<string, unknown>;
    if (typeof row.category !== 'string' || !isCategoryCode(row.category))
      throw new Error(`${where}: unknown category`);
    const subcategory = optionalString(row.subcategory, where, 'subcategory');
    if (subcategory && categoryOfSubcategory(subcategory) !== row.category) {
      throw new Error(`${where}: subcategory ${subcategory} is not in ${row.category}`);
    }
    const department = optionalString(row.department, where, 'department');
    if (!department || !departments.has(department))
      throw new Error(`${where}: unknown department ${String(row.department)}`);
    const hours = row.resolveWithinHours;
    if (hours !== undefined && hours !== null && !(Number.isInteger(hours) && (hours as number) > 0)) {
      throw new Error(`${where}: resolveWithinHours must be a whole number of hours`);
    }
    return {
      category: row.category,
      subcategory,
      keyword: optionalString(row.keyword, where, 'keyword'),
      area: optionalString(row.area, where, 'area'),
      department,
      resolveWithinHours: (hours as number | undefined) ?? null,
    };
  });
}

export interface ReplyTemplateData {
  title: string;
  body: string;
  category: CategoryCode | null;
  status: SubmissionStatus | null;
}

export function loadDefaultReplyTemplates(dataDir = path.join(findProjectRoot(), 'data')): ReplyTemplateData[] {
  const rows = JSON.parse(fs.readFileSync(path.join(dataDir, 'reply-templates.json'), 'utf8')) as ReplyTemplateData[];
  for (const row of rows) {
    if (row.category !== null && !isCategoryCode(row.category))
      throw new Error(`reply template: unknown category ${row.category}`);
    if (row.status !== null && !(SUBMISSION_STATUSES as readonly string[]).includes(row.status)) {
      throw new Error(`reply template: unknown status ${row.status}`);
    }
  }
  return rows;
}
