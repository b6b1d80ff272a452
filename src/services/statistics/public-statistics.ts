import type { DataSource } from 'typeorm';
import { categoryInfo, CATEGORY_CODES, subcategoryName } from '../../domain/taxonomy';
import { refreshStatistics } from './rollups';

export interface PublicStatistics {
  readonly received: number;
  readonly resolved: number;
  readonly onTimeRate: number | null;
  readonly averageRating: number | null;
  readonly ratings: number;
  readonly byCategory: { code: string; name: string; char: string; count: number }[];
  readonly recentCases: {
    subcategory: string;
    department: string;
    resolvedAt: string;
    photos: { id: number; kind: string }[];
  }[];
  readonly generatedAt: string;
}

/**
 * What the public may see of the mailbox: totals, per category, how often deadlines are met, how
 * residents rate the work, and recent closed cases with their before/after photos. Aggregates
 * and the department's own evidence only — no text, address, code or person.
 */
export async function publicStatistics(dataSource: DataSource, now: Date): Promise<PublicStatistics> {
  // The rollup rows (duplicates and withdrawn reports have none) are narrow; the page must stay
  // cheap to rebuild on a mailbox of millions.
  await refreshStatistics(dataSource, { maxBatches: 10 });
  const counted = `f.status <> 'rejected'`;
  const [totals] = await dataSource.query(
    `SELECT count(*)::int AS received, count(f.resolved_at)::int AS resolved,
            count(*) FILTER (WHERE f.resolved_at <= f.resolve_deadline)::int AS on_time
       FROM statistics_fact f WHERE ${counted}`,
  );
  const [rating] = await dataSource.query(
    `SELECT count(*)::int AS ratings, avg(rating)::float AS average FROM resident_feedback`,
  );
  const categories: { category: string; count: number }[] = await dataSource.query(
    `SELECT f.category, count(*)::int AS count FROM statistics_fact f WHERE ${counted} GROUP BY 1`,
  );
  const cases: { id: number; subcategory: string; department: string; resolved_at: Date }[] = await dataSource.query(
    `SELECT s.id, s.subcategory, d.name AS department, s.resolved_at
       FROM submission s JOIN department d ON d.id = s.department_id
      WHERE s.status = 'closed' AND s.resolved_at IS NOT NULL
        AND EXISTS (SELECT 1 FROM attachment a WHERE a.submission_id = s.id AND a.kind = 'after_photo')
      ORDER BY s.resolved_at DESC LIMIT 6`,
  );
  const photos: { id: number; submission_id: number; kind: string }[] = cases.length
    ? await dataSource.query(
        `SELECT id, submission_id, kind FROM attachment
          WHERE submission_id = ANY($1) AND kind IN ('before_photo', 'after_photo') ORDER BY kind DESC, id`,
        [cases.map((c) => c.id)],
      )
    : [];
  const counts = new Map(categories.map((c) => [c.category, c.count]));
  return {
    received: totals.received,
    resolved: totals.resolved,
    onTimeRate: totals.resolved > 0 ? Math.round((totals.on_time / totals.resolved) * 1000) / 1000 : null,
    averageRating: rating.average === null ? null : Math.round(rating.average * 100) / 100,
    ratings: rating.ratings,
    byCategory: CATEGORY_CODES.map((code) => ({
      code,
      name: categoryInfo(code).name,
      char: categoryInfo(code).char,
      count: counts.get(code) ?? 0,
    })),
    recentCases: cases.map((c) => ({
      subcategory: subcategoryName(c.subcategory),
      department: c.department,
      resolvedAt: new Date(c.resolved_at).toISOString(),
      photos: photos.filter((p) => p.submission_id === c.id).map((p) => ({ id: p.id, kind: p.kind })),
    })),
    generatedAt: now.toISOString(),
  };
}

/** The public figures are the same for everyone for a minute: one query set per minute, not per visitor. */
export function cachedPublicStatistics(
  dataSource: DataSource,
  now: () => Date,
  ttlMs = 60_000,
): () => Promise<PublicStatistics> {
  let cached: { at: number; value: Promise<PublicStatistics> } | undefined;
  return () => {
    const time = now().getTime();
    if (!cached || time - cached.at >= ttlMs) {
      const value = publicStatistics(dataSource, now());
      cached = { at: time, value };
      // A failed computation is not kept: the next visitor tries again.
      value.catch(() => {
        if (cached?.value === value) cached = undefined;
      });
    }
    return cached.value;
  };
}

/** A before/after photo shown on the public page: only of closed reports. */
export async function publicCasePhoto(
  dataSource: DataSource,
  attachmentId: number,
): Promise<{ storageKey: string; thumbnailKey: string | null; mimeType: string } | undefined> {
  const [row] = await dataSource.query(
    `SELECT a.storage_key AS "storageKey", a.thumbnail_key AS "thumbnailKey", a.mime_type AS "mimeType"
       FROM attachment a JOIN submission s ON s.id = a.submission_id
      WHERE a.id = $1 AND a.kind IN ('before_photo', 'after_photo') AND s.status = 'closed'`,
    [attachmentId],
  );
  return row;
}
