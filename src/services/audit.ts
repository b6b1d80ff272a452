import type { EntityManager } from 'typeorm';
import { AuditEntry } from '../db/entities';

export interface AuditRecord {
  readonly staffUserId?: number | null;
  readonly username?: string | null;
  readonly action: string;
  readonly targetType?: string;
  readonly targetId?: number;
  readonly details?: Record<string, unknown>;
  readonly ip?: string | null;
}

/** Appends one entry; pass the transaction's manager so the entry commits with the change. */
export async function audit(manager: EntityManager, record: AuditRecord): Promise<void> {
  const entries = manager.getRepository(AuditEntry);
  await entries.save(
    entries.create({
      staffUserId: record.staffUserId ?? null,
      username: record.username ?? null,
      action: record.action,
      targetType: record.targetType ?? null,
      targetId: record.targetId ?? null,
      details: record.details ?? {},
      ip: record.ip ?? null,
    }),
  );
}
