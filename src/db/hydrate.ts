import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

const TIMESTAMP_TYPES = new Set(['timestamptz', 'timestamp with time zone', 'timestamp', 'date', Date as unknown]);

/**
 * An entity from a row PostgreSQL turned into JSON (`to_jsonb(t)`), keyed by column name. A read
 * that gathers a report and its timeline, photos and feedback in one statement comes back this
 * way; the rest of the code keeps working with entities. Timestamps arrive as ISO strings.
 */
export function hydrate<T extends ObjectLiteral>(
  dataSource: DataSource,
  entity: EntityTarget<T>,
  row: Readonly<Record<string, unknown>>,
): T {
  const metadata = dataSource.getMetadata(entity);
  const instance = metadata.create() as T;
  for (const column of metadata.columns) {
    if (!(column.databaseName in row)) continue;
    const value = row[column.databaseName];
    const typed =
      typeof value === 'string' && TIMESTAMP_TYPES.has(column.type as unknown) ? new Date(value) : (value ?? null);
    (instance as Record<string, unknown>)[column.propertyName] = typed;
  }
  return instance;
}
