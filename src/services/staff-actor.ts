import type { StaffUser } from '../db/entities';
import type { EventActor } from './timeline-writer';

/** How the timeline and the audit log name a member of staff. */
export interface StaffActor extends EventActor {
  readonly type: 'staff';
  readonly staffId: number;
}

export function staffActor(user: StaffUser): StaffActor {
  return { type: 'staff', label: user.displayName, staffId: user.id };
}
