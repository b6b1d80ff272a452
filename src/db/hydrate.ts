import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import type { EntityMetadata } from 'typeorm/metadata/EntityMetadata';

const TIMESTAMP_TYPES = new Set(['timestamptz', 'timestamp with time zone', 'timestamp', 'date', Date as unknown]);

interface ColumnPlan {
  readonly databaseName: string;
  readonly propertyName: string;
  readonly timestamp: boolean;
}

// Worked out once per entity: a tracking page hydrates a dozen rows, and walking TypeORM's column
// metadata for each was a visible share of the page's time in a CPU profile.
const plans = new WeakMap<EntityMetadata, readonly ColumnPlan[]>();

function planFor(metadata: EntityMetadata): readonly ColumnPlan[] {
  let plan = plans.get(metadata);
  if (!plan) {
    plan = metadata.columns.map((column) => ({
      databaseName: column.databaseName,
      propertyName: column.propertyName,
      timestamp: TIMESTAMP_TYPES.has(column.type as unknown),
    }));
    plans.set(metadata, plan);
  }
  return plan;
}

/**
 * An entity from a row PostgreSQL turned into JSON (`json_build_object(…)`), keyed by column
 * name. A read that gathers a report and its timeline, photos and feedback in one statement comes
 * back this way; the rest of the code keeps working with entities. Timestamps arrive as ISO strings.
 */
export function hydrate<T extends ObjectLiteral>(
  dataSource: DataSource,
  entity: EntityTarget<T>,
  row: Readonly<Record<string, unknown>>,
): T {
  const metadata = dataSource.getMetadata(entity);
  const instance = metadata.create() as Record<string, unknown>;
  for (const { databaseName, propertyName, timestamp } of planFor(metadata)) {
    if (!(databaseName in row)) continue;
    const value = row[databaseName];
    instance[propertyName] = timestamp && typeof value === 'string' ? new Date(value) : (value ?? null);
  }
  return instance as T;
}
