import type { StaffUser } from '../db/entities';
import type { LifecycleActor } from '../domain/lifecycle/state-machine';

/**
 * Who sees what (issue 4): dispatchers and admins see every report; department staff see their
 * department's, leaders every department they cover; a 协办 (supporting) department sees the
 * reports it supports. `departmentScope` is undefined for "all departments".
 */
export function departmentScope(user: StaffUser): number[] | undefined {
  if (user.role === 'admin' || user.role === 'dispatcher') return undefined;
  const ids = new Set<number>();
  if (user.departmentId !== null) ids.add(user.departmentId);
  if (user.role === 'leader') for (const department of user.coveredDepartments ?? []) ids.add(department.id);
  return [...ids].sort((a, b) => a - b);
}

export interface ScopedReport {
  readonly departmentId: number;
  readonly supportingDepartments?: readonly { id: number }[];
}

/**
 * How a member of staff stands to a report: `oversight` (dispatch office, admins), `lead` (their
 * department owns it: 主办), `supporting` (协办: may read and add notes) or undefined (not theirs).
 */
export type ReportRelation = 'oversight' | 'lead' | 'supporting';

export function relationTo(user: StaffUser, report: ScopedReport): ReportRelation | undefined {
  const scope = departmentScope(user);
  if (scope === undefined) return 'oversight';
  if (scope.includes(report.departmentId)) return 'lead';
  if (report.supportingDepartments?.some((department) => scope.includes(department.id))) return 'supporting';
  return undefined;
}

export function canSee(user: StaffUser, report: ScopedReport): boolean {
  return relationTo(user, report) !== undefined;
}

/** Only the department that owns a report sees the resident's phone number in full. */
export function ownsReport(user: StaffUser, submission: { departmentId: number }): boolean {
  return user.departmentId !== null && user.departmentId === submission.departmentId && user.role !== 'admin';
}

/** A leader supervises (督办) the departments they cover; admins every one. */
export function supervises(user: StaffUser, report: ScopedReport): boolean {
  if (user.role === 'admin') return true;
  return user.role === 'leader' && relationTo(user, report) === 'lead';
}

export function lifecycleRole(user: StaffUser): LifecycleActor {
  switch (user.role) {
    case 'admin':
      return 'admin';
    case 'dispatcher':
      return 'dispatcher';
    case 'leader':
      return 'leader';
    case 'department_staff':
      return 'department';
  }
}
