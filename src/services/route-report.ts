import type { DataSource } from 'typeorm';
import { Department, RoutingRule } from '../db/entities';
import type { Classification } from '../domain/classification/types';
import { RoutingDecision, route } from '../domain/routing/route';

export interface RoutedReport {
  readonly decision: RoutingDecision;
  readonly department: Department;
}

/**
 * Routes a classified report with the rules and departments in the database. A rule that names a
 * department no longer there is treated as no rule: the dispatch office takes the report.
 */
export async function routeReport(
  dataSource: DataSource,
  classification: Classification,
  report: { text: string; address: string | null },
): Promise<RoutedReport> {
  const [departments, rules] = await Promise.all([
    dataSource.getRepository(Department).find(),
    dataSource.getRepository(RoutingRule).findBy({ enabled: true }),
  ]);
  const dispatchOffice = departments.find((department) => department.isDispatchOffice);
  if (!dispatchOffice) throw new Error('no dispatch office (创城办) in the department table; run the seed');
  const decision = route({ ...classification, text: report.text, address: report.address }, rules);
  const department =
    decision.kind === 'rule' ? departments.find((candidate) => candidate.id === decision.departmentId) : undefined;
  if (decision.kind === 'rule' && !department) {
    return {
      decision: { kind: 'dispatch', reason: 'no_rule', resolveWithinHours: decision.resolveWithinHours },
      department: dispatchOffice,
    };
  }
  return { decision, department: department ?? dispatchOffice };
}

export async function dispatchOffice(dataSource: DataSource): Promise<Department> {
  return dataSource.getRepository(Department).findOneByOrFail({ isDispatchOffice: true });
}
