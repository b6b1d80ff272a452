import { MigrationInterface, QueryRunner } from "typeorm";

export class StatisticsRollups1796409832187 implements MigrationInterface {
    name = 'StatisticsRollups1796409832187'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "statistics_dirty" ("submission_id" integer NOT NULL, "marked_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_da00b117d871b2cdeb33f08f4fe" PRIMARY KEY ("submission_id"))`);
        await queryRunner.query(`CREATE TABLE "statistics_event" ("id" BIGSERIAL NOT NULL, "submission_id" integer NOT NULL, "kind" character varying(10) NOT NULL, "happened_at" TIMESTAMP WITH TIME ZONE NOT NULL, "day" date NOT NULL, "department_id" integer NOT NULL, "category" character varying(16) NOT NULL, "area" character varying(60), "rating" smallint, "reopened" boolean NOT NULL DEFAULT false, CONSTRAINT "statistics_event_kind_check" CHECK ("kind" IN ('resolved', 'escalated', 'rated')), CONSTRAINT "PK_ef9ffbaa7dee5bf6c0cafdb9901" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "statistics_event_submission_idx" ON "statistics_event"  ("submission_id") `);
        await queryRunner.query(`CREATE INDEX "statistics_event_day_idx" ON "statistics_event"  ("day") `);
        await queryRunner.query(`CREATE TABLE "statistics_fact" ("submission_id" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "day" date NOT NULL, "department_id" integer NOT NULL, "category" character varying(16) NOT NULL, "subcategory" character varying(40) NOT NULL, "channel" character varying(16) NOT NULL, "status" character varying(16) NOT NULL, "area" character varying(60), "place_key" text, "resolve_deadline" TIMESTAMP WITH TIME ZONE NOT NULL, "resolved_at" TIMESTAMP WITH TIME ZONE, "late_for_good" boolean NOT NULL, "hours_to_accept" double precision, "hours_to_resolve" double precision, "corrected" boolean NOT NULL, "rating_count" integer NOT NULL, "rating_sum" integer NOT NULL, CONSTRAINT "PK_10aeee9ba7bf1ea47611b275d3d" PRIMARY KEY ("submission_id"))`);
        await queryRunner.query(`CREATE INDEX "statistics_fact_open_idx" ON "statistics_fact"  ("resolve_deadline") WHERE "status" IN ('submitted', 'assigned', 'accepted', 'in_progress', 'returned', 'reopened') AND NOT "late_for_good"`);
        await queryRunner.query(`CREATE INDEX "statistics_fact_day_idx" ON "statistics_fact"  ("day") `);
        await queryRunner.query(`CREATE TABLE "statistics_day" ("id" BIGSERIAL NOT NULL, "day" date NOT NULL, "department_id" integer NOT NULL, "category" character varying(16) NOT NULL, "subcategory" character varying(40) NOT NULL, "channel" character varying(16) NOT NULL, "status" character varying(16) NOT NULL, "area" character varying(60), "received" integer NOT NULL, "resolved" integer NOT NULL, "on_time" integer NOT NULL, "late_for_good" integer NOT NULL, "corrected" integer NOT NULL, "rating_count" integer NOT NULL, "rating_sum" integer NOT NULL, CONSTRAINT "PK_de288cf2a1df6388c0926e92f37" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "statistics_day_day_idx" ON "statistics_day"  ("day") `);
        await queryRunner.query(`CREATE TABLE "statistics_event_day" ("id" BIGSERIAL NOT NULL, "day" date NOT NULL, "kind" character varying(10) NOT NULL, "department_id" integer NOT NULL, "category" character varying(16) NOT NULL, "area" character varying(60), "count" integer NOT NULL, "rating_sum" integer NOT NULL, "reopened" integer NOT NULL, CONSTRAINT "statistics_event_day_kind_check" CHECK ("kind" IN ('resolved', 'escalated', 'rated')), CONSTRAINT "PK_bd081c1cb2b2196ba0629e5332c" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "statistics_event_day_day_idx" ON "statistics_event_day"  ("day") `);
        await queryRunner.query(`CREATE INDEX "submission_closed_at_idx" ON "submission"  ("resolved_at") WHERE "status" = 'closed'`);
        await queryRunner.query(`CREATE INDEX "classification_example_submission_idx" ON "classification_example"  ("submission_id") `);
        await queryRunner.query(`ALTER TABLE "statistics_event" ADD CONSTRAINT "FK_c8fc0181cc57b2011194c74ece0" FOREIGN KEY ("submission_id") REFERENCES "submission"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "statistics_fact" ADD CONSTRAINT "FK_10aeee9ba7bf1ea47611b275d3d" FOREIGN KEY ("submission_id") REFERENCES "submission"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        // TypeORM cannot declare INCLUDE columns: the range queries read these without the table.
        await queryRunner.query(`CREATE INDEX "statistics_fact_created_idx" ON "statistics_fact" ("created_at")
            INCLUDE ("department_id", "category", "area", "hours_to_accept", "hours_to_resolve", "place_key")`);
        // Triggers are written by hand (TypeORM does not model them): every change that can move
        // a figure marks its report, whichever code path made it. ON CONFLICT DO UPDATE (not DO
        // NOTHING) takes the row lock, so a refresher that claims rows with SKIP LOCKED cannot
        // read a report before the change that marked it has committed.
        await queryRunner.query(`CREATE FUNCTION statistics_mark(report integer) RETURNS void LANGUAGE sql AS $$
            INSERT INTO statistics_dirty (submission_id) VALUES (report)
            ON CONFLICT (submission_id) DO UPDATE SET marked_at = now()
        $$`);
        await queryRunner.query(`CREATE FUNCTION statistics_mark_row() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF TG_TABLE_NAME = 'submission' THEN
                PERFORM statistics_mark(NEW.id);
              ELSIF TG_OP = 'DELETE' THEN
                IF OLD.submission_id IS NOT NULL THEN PERFORM statistics_mark(OLD.submission_id); END IF;
              ELSIF NEW.submission_id IS NOT NULL THEN
                PERFORM statistics_mark(NEW.submission_id);
              END IF;
              RETURN NULL;
            END
        $$`);
        await queryRunner.query(`CREATE TRIGGER statistics_mark_submission AFTER INSERT OR UPDATE ON "submission"
            FOR EACH ROW EXECUTE FUNCTION statistics_mark_row()`);
        await queryRunner.query(`CREATE TRIGGER statistics_mark_timeline AFTER INSERT ON "timeline_event"
            FOR EACH ROW WHEN (NEW.type IN ('status_change', 'escalation')) EXECUTE FUNCTION statistics_mark_row()`);
        await queryRunner.query(`CREATE TRIGGER statistics_mark_feedback AFTER INSERT ON "resident_feedback"
            FOR EACH ROW EXECUTE FUNCTION statistics_mark_row()`);
        await queryRunner.query(`CREATE TRIGGER statistics_mark_correction AFTER INSERT OR UPDATE OR DELETE ON "classification_example"
            FOR EACH ROW EXECUTE FUNCTION statistics_mark_row()`);
        // Reports filed before this migration get their rows at the refresher's first round.
        await queryRunner.query(`INSERT INTO "statistics_dirty" (submission_id) SELECT id FROM "submission"`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER statistics_mark_correction ON "classification_example"`);
        await queryRunner.query(`DROP TRIGGER statistics_mark_feedback ON "resident_feedback"`);
        await queryRunner.query(`DROP TRIGGER statistics_mark_timeline ON "timeline_event"`);
        await queryRunner.query(`DROP TRIGGER statistics_mark_submission ON "submission"`);
        await queryRunner.query(`DROP FUNCTION statistics_mark_row()`);
        await queryRunner.query(`DROP FUNCTION statistics_mark(integer)`);
        await queryRunner.query(`DROP INDEX "public"."statistics_fact_created_idx"`);
        await queryRunner.query(`ALTER TABLE "statistics_fact" DROP CONSTRAINT "FK_10aeee9ba7bf1ea47611b275d3d"`);
        await queryRunner.query(`ALTER TABLE "statistics_event" DROP CONSTRAINT "FK_c8fc0181cc57b2011194c74ece0"`);
        await queryRunner.query(`DROP INDEX "public"."classification_example_submission_idx"`);
        await queryRunner.query(`DROP INDEX "public"."submission_closed_at_idx"`);
        await queryRunner.query(`DROP INDEX "public"."statistics_event_day_day_idx"`);
        await queryRunner.query(`DROP TABLE "statistics_event_day"`);
        await queryRunner.query(`DROP INDEX "public"."statistics_day_day_idx"`);
        await queryRunner.query(`DROP TABLE "statistics_day"`);
        await queryRunner.query(`DROP INDEX "public"."statistics_fact_day_idx"`);
        await queryRunner.query(`DROP INDEX "public"."statistics_fact_open_idx"`);
        await queryRunner.query(`DROP TABLE "statistics_fact"`);
        await queryRunner.query(`DROP INDEX "public"."statistics_event_day_idx"`);
        await queryRunner.query(`DROP INDEX "public"."statistics_event_submission_idx"`);
        await queryRunner.query(`DROP TABLE "statistics_event"`);
        await queryRunner.query(`DROP TABLE "statistics_dirty"`);
    }

}
