import type { DataSource } from 'typeorm';
import { Submission } from '../db/entities';
import { OPEN_STATUSES } from '../domain/lifecycle/status';

export interface SimilarQuery {
  readonly subcategory: string;
  readonly lat?: number;
  readonly lng?: number;
  readonly address?: string;
  readonly now: Date;
  /** How far away a report still counts as "the same place". */
  readonly radiusMeters?: number;
  /** How old a report may be and still be the same problem. */
  readonly withinDays?: number;
  readonly limit?: number;
}

export interface SimilarReport {
  readonly submission: Submission;
  readonly distanceMeters: number | null;
  readonly sameAddress: boolean;
}

/** Lower case, without spaces and punctuation: "幸福路 12号（北门）" and "幸福路12号北门" are one address. */
export function normaliseAddress(address: string): string {
  return address.toLowerCase().replace(/[\s\p{P}\p{S}]/gu, '');
}

const METERS_PER_DEGREE = 111_320;

/**
 * "Already reported?": open reports of the same subcategory near the given point or at the same
 * address, nearest first, so a resident can follow one instead of filing it again. Only public
 * facts leave here, never a tracking code (a code lets its holder rate the report).
 */
export async function findSimilarOpenReports(dataSource: DataSource, query: SimilarQuery): Promise<SimilarReport[]> {
  const radius = query.radiusMeters ?? 300;
  const since = new Date(query.now.getTime() - (query.withinDays ?? 60) * 24 * 3600 * 1000);
  const hasPoint = query.lat !== undefined && query.lng !== undefined;
  const address = query.address ? normaliseAddress(query.address) : '';
  if (!hasPoint && address.length < 4) return [];

  const builder = dataSource
    .getRepository(Submission)
    .createQueryBuilder('s')
    .leftJoinAndSelect('s.department', 'department')
    .where('s.subcategory = :subcategory', { subcategory: query.subcategory })
    .andWhere('s.status IN (:...open)', { open: [...OPEN_STATUSES, 'resolved'] })
    .andWhere('s.created_at >= :since', { since });
  const near: string[] = [];
  if (hasPoint) {
    // A box first (cheap, and the planner can use it), the exact distance after.
    const dLat = radius / METERS_PER_DEGREE;
    const dLng = radius / (METERS_PER_DEGREE * Math.max(Math.cos((query.lat! * Math.PI) / 180), 0.01));
    near.push('(s.lat BETWEEN :minLat AND :maxLat AND s.lng BETWEEN :minLng AND :maxLng)');
    builder.setParameters({
      minLat: query.lat! - dLat,
      maxLat: query.lat! + dLat,
      minLng: query.lng! - dLng,
      maxLng: query.lng! + dLng,
    });
  }
  if (address.length >= 4) {
    near.push(`regexp_replace(lower(s.address), '[[:space:][:punct:]（）【】，。、；：！？“”‘’]', '', 'g') = :address`);
    builder.setParameter('address', address);
  }
  const candidates = await builder
    .andWhere(`(${near.join(' OR ')})`)
    .orderBy('s.created_at', 'DESC')
    .limit(50)
    .getMany();

  return candidates
    .map((submission) => {
      const distanceMeters =
        hasPoint && submission.lat !== null && submission.lng !== null
          ? Math.round(haversineMeters(query.lat!, query.lng!, submission.lat, submission.lng))
          : null;
      const sameAddress =
        address.length >= 4 && !!submission.address && normaliseAddress(submission.address) === address;
      return { submission, distanceMeters, sameAddress };
    })
    .filter((found) => found.sameAddress || (found.distanceMeters !== null && found.distanceMeters <= radius))
    .sort((a, b) => (a.distanceMeters ?? 0) - (b.distanceMeters ?? 0))
    .slice(0, query.limit ?? 5);
}

function haversineMeters(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const rad = Math.PI / 180;
  const a =
    Math.sin(((lat2 - lat1) * rad) / 2) ** 2 +
    Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lng2 - lng1) * rad) / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(a));
}
