import { DataSource } from 'typeorm';
import { TestDatabase, createTestDatabase, openTestDataSource } from '../support/test-database';

async function tables(dataSource: DataSource): Promise<string[]> {
  const rows: Array<{ table_name: string }> = await dataSource.query(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
  );
  return rows.map((row) => row.table_name);
}

describe('migrations', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  beforeAll(async () => {
    database = await createTestDatabase({ empty: true });
    dataSource = await openTestDataSource(database);
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it('apply to an empty database, match the entities, and revert', async () => {
    expect(await tables(dataSource)).toEqual([]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    expect(applied.length).toBeGreaterThan(0);
    expect(await tables(dataSource)).toEqual(
      expect.arrayContaining([
        'attachment',
        'department',
        'outbox_message',
        'routing_rule',
        'staff_user',
        'submission',
        'timeline_event',
      ]),
    );

    // What `migration:generate --check` does: the entities need no further change.
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);

    for (let i = 0; i < applied.length; i += 1) await dataSource.undoLastMigration({ transaction: 'each' });
    expect(await tables(dataSource)).toEqual(['typeorm_migrations']);
  });
});
