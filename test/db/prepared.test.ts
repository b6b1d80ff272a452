import { DataSource, QueryFailedError } from 'typeorm';
import { preparedStatement, runPrepared } from '../../src/db/prepared';
import { TestDatabase, createTestDatabase, openTestDataSource } from '../support/test-database';

describe('prepared statements', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  beforeAll(async () => {
    database = await createTestDatabase({ empty: true });
    dataSource = await openTestDataSource(database);
    await dataSource.query('CREATE TABLE prepared_probe (id int PRIMARY KEY, label text NOT NULL)');
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  const insert = preparedStatement('prepared_probe_insert', 'INSERT INTO prepared_probe VALUES ($1, $2) RETURNING *');
  const count = preparedStatement('prepared_probe_count', 'SELECT count(*)::int AS n FROM prepared_probe');

  it('refuses a second text under the same name', () => {
    expect(() => preparedStatement('prepared_probe_insert', 'SELECT 1')).toThrow(/defined twice/);
    expect(preparedStatement('prepared_probe_insert', insert.text)).toEqual(insert);
  });

  it('runs on the pool, again and again on the same connections', async () => {
    for (let id = 1; id <= 30; id += 1) {
      expect(await runPrepared(dataSource, insert, [id, `row ${id}`])).toEqual([{ id, label: `row ${id}` }]);
    }
    expect(await runPrepared(dataSource, count, [])).toEqual([{ n: 30 }]);
    // Kept on the connection for the next time, not parsed and planned again.
    const list = preparedStatement('prepared_probe_list', 'SELECT name FROM pg_prepared_statements');
    const names = (await runPrepared<{ name: string }>(dataSource, list, [])).map((row) => row.name);
    expect(names).toEqual(expect.arrayContaining(['prepared_probe_insert', 'prepared_probe_count']));
  });

  it('runs inside a transaction on its connection, and is rolled back with it', async () => {
    await expect(
      dataSource.transaction(async (manager) => {
        await runPrepared(manager, insert, [100, 'in a transaction']);
        // Visible only on the transaction's own connection until it commits.
        expect(await runPrepared(manager, count, [])).toEqual([{ n: 31 }]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await runPrepared(dataSource, count, [])).toEqual([{ n: 30 }]);
  });

  it('fails as TypeORM queries fail, with the driver error inside', async () => {
    const error = await runPrepared(dataSource, insert, [1, 'again']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryFailedError);
    expect((error as QueryFailedError).driverError).toMatchObject({ code: '23505', constraint: 'prepared_probe_pkey' });
  });
});
