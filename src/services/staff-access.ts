import type { StaffUser } from '../db/entities';
import type { LifecycleActor } from '../domain/lifecycle/state-machine';

/**
 * Who sees what (issue 4): dispatchers and admins see every report; department staff and leaders
 * see their department's. (A leader covering several departments comes with leader assignments.)
 * `departmentScope` is undefined for "all departments".
 */
export function departmentScope(user: StaffUser): number[] | undefined {
  if (user.role === 'admin' || user.role === 'dispatcher') return undefined;
  return user.departmentId === null ? [] : [user.departmentId];
}

export function canSee(user: StaffUser, submission: { departmentId: number }): boolean {
  const scope = departmentScope(user);
  return scope === undefined || scope.includes(submission.departmentId);
}

/** Only the department that owns a report sees the resident's phone number in full. */
export function ownsReport(user: StaffUser, submission: { departmentId: number }): boolean {
  return user.departmentId !== null && user.departmentId === submission.departmentId && user.role !== 'admin';
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
