import { MigrationInterface, QueryRunner } from "typeorm";

export class QueueIndexes1796460717624 implements MigrationInterface {
    name = 'QueueIndexes1796460717624'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "submission_category_status_idx" ON "submission"  ("category", "status") `);
        await queryRunner.query(`CREATE INDEX "submission_needs_review_idx" ON "submission"  ("created_at") WHERE "needs_review"`);
        // Written by hand: TypeORM cannot describe a function or a GIN index over an expression.
        // Two-character grams index Chinese text whatever the database's locale (pg_trgm would
        // need one that counts CJK as letters, and an extension). The queue's search (services/
        // staff-queue.ts) must use exactly this expression. On 1,000,000 reports the index takes
        // about 80 s to build.
        await queryRunner.query(`
            CREATE FUNCTION submission_search_grams(t text) RETURNS text[]
            LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE STRICT AS $$
            DECLARE
              l text := lower(t);
              grams text[] := '{}';
            BEGIN
              FOR i IN 1 .. char_length(l) - 1 LOOP
                grams := grams || substr(l, i, 2);
              END LOOP;
              RETURN grams;
            END
            $$`);
        await queryRunner.query(
            `CREATE INDEX "submission_search_idx" ON "submission" USING gin ` +
                `(submission_search_grams(content || ' ' || coalesce(address, '') || ' ' || tracking_code))`,
        );
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."submission_search_idx"`);
        await queryRunner.query(`DROP FUNCTION submission_search_grams(text)`);
        await queryRunner.query(`DROP INDEX "public"."submission_needs_review_idx"`);
        await queryRunner.query(`DROP INDEX "public"."submission_category_status_idx"`);
    }

}
