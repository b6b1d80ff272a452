import { DataSource } from 'typeorm';
import { Department, ReplyTemplate, RoutingRule } from '../entities';
import { loadDefaultDepartments, loadDefaultReplyTemplates, loadDefaultRoutingRules } from './default-data';

export interface SeedResult {
  departmentsAdded: number;
  rulesAdded: number;
  templatesAdded: number;
}

/**
 * Loads the default departments and routing rules from `data/`, adding only what is missing, so
 * running it at every start never duplicates a row nor undoes what staff changed: a department is
 * added only when no department has its code (a renamed one keeps its new name), and the default
 * rules and reply templates only while there are none at all (what staff removed stays removed).
 */
export async function seedDefaults(dataSource: DataSource): Promise<SeedResult> {
  const departmentData = loadDefaultDepartments();
  const ruleData = loadDefaultRoutingRules();
  return dataSource.transaction(async (manager) => {
    // Two processes starting at once must not both insert the defaults.
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['seed-defaults']);
    const result: SeedResult = { departmentsAdded: 0, rulesAdded: 0, templatesAdded: 0 };
    const departments = manager.getRepository(Department);
    const rules = manager.getRepository(RoutingRule);
    for (const seed of departmentData) {
      if (await departments.existsBy({ code: seed.code })) continue;
      await departments.insert({ code: seed.code, name: seed.name, isDispatchOffice: seed.isDispatchOffice });
      result.departmentsAdded += 1;
    }
    const templates = manager.getRepository(ReplyTemplate);
    if ((await templates.count()) === 0) {
      await templates.insert(loadDefaultReplyTemplates());
      result.templatesAdded = await templates.count();
    }
    if ((await rules.count()) > 0) return result;
    for (const seed of ruleData) {
      const department = await departments.findOneByOrFail({ code: seed.department });
      await rules.insert({
        category: seed.category,
        subcategory: seed.subcategory,
        keyword: seed.keyword,
        area: seed.area,
        departmentId: department.id,
        resolveWithinHours: seed.resolveWithinHours,
      });
      result.rulesAdded += 1;
    }
    return result;
  });
}
