import { Department, TimelineEvent } from '../../src/db/entities';
import { hydrate } from '../../src/db/hydrate';
import { useTestDatabase } from '../support/test-database';

describe('hydrate: entities from rows PostgreSQL built as JSON', () => {
  const db = useTestDatabase();

  it('turns column names into properties and timestamps into dates, and leaves out what was not read', async () => {
    const [{ event }] = await db.dataSource.query(
      `SELECT json_build_object('id', 7, 'type', 'status_change', 'actor_staff_id', NULL, 'note', '已受理',
                                'created_at', '2026-12-06 10:15:30.123+08'::timestamptz) AS event`,
    );
    const hydrated = hydrate(db.dataSource, TimelineEvent, event);

    expect(hydrated).toBeInstanceOf(TimelineEvent);
    expect(hydrated.id).toBe(7);
    expect(hydrated.type).toBe('status_change');
    expect(hydrated.actorStaffId).toBeNull();
    expect(hydrated.note).toBe('已受理');
    expect(hydrated.createdAt).toEqual(new Date('2026-12-06T02:15:30.123Z'));
    expect(hydrated.toStatus).toBeUndefined();
  });

  it('keeps each entity to its own columns when several are hydrated in turn', async () => {
    const row = { id: 3, code: 'sanitation', name: '环卫中心', created_at: '2026-01-01T00:00:00+00:00' };
    const first = hydrate(db.dataSource, Department, row);
    const again = hydrate(db.dataSource, Department, { ...row, id: 4 });
    const event = hydrate(db.dataSource, TimelineEvent, row);

    expect(first).toMatchObject({ id: 3, code: 'sanitation', name: '环卫中心' });
    expect(again.id).toBe(4);
    // A timeline event has no code or name: those keys are not copied onto it.
    expect(event).not.toHaveProperty('code');
    expect(event.createdAt).toEqual(new Date('2026-01-01T00:00:00Z'));
  });
});
