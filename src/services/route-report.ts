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
  const { departments, rules } = await routingData(dataSource);
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

/**
 * Departments and rules change a few times a year and are read by every report, so each process
 * keeps them for a few seconds. Its own admin changes take effect at once (they call
 * `forgetRoutingData`); another instance's within ROUTING_DATA_SECONDS.
 */
export const ROUTING_DATA_SECONDS = 5;

interface RoutingData {
  readonly departments: readonly Department[];
  readonly rules: readonly RoutingRule[];
}

const cached = new WeakMap<DataSource, { readonly until: number; readonly data: Promise<RoutingData> }>();

function routingData(dataSource: DataSource): Promise<RoutingData> {
  const now = Date.now();
  const hit = cached.get(dataSource);
  if (hit && hit.until > now) return hit.data;
  const data = Promise.all([
    dataSource.getRepository(Department).find(),
    dataSource.getRepository(RoutingRule).findBy({ enabled: true }),
  ]).then(([departments, rules]) => ({ departments, rules }));
  cached.set(dataSource, { until: now + ROUTING_DATA_SECONDS * 1000, data });
  // A failed read is not kept: the next report tries again.
  data.catch(() => {
    if (cached.get(dataSource)?.data === data) cached.delete(dataSource);
  });
  return data;
}

/** After a department or rule changed here: the next report reads them afresh. */
export function forgetRoutingData(dataSource: DataSource): void {
  cached.delete(dataSource);
}

export async function dispatchOffice(dataSource: DataSource): Promise<Department> {
  return dataSource.getRepository(Department).findOneByOrFail({ isDispatchOffice: true });
}
