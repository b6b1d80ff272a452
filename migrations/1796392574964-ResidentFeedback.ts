import { MigrationInterface, QueryRunner } from "typeorm";

export class ResidentFeedback1796392574964 implements MigrationInterface {
    name = 'ResidentFeedback1796392574964'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "resident_feedback" ("id" SERIAL NOT NULL, "submission_id" integer NOT NULL, "rating" smallint NOT NULL, "comment" text, "fixed" boolean NOT NULL, "outcome" character varying(10) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "resident_feedback_outcome_check" CHECK ("outcome" IN ('closed', 'reopened')), CONSTRAINT "resident_feedback_rating_check" CHECK ("rating" BETWEEN 1 AND 5), CONSTRAINT "PK_e002c5920aa898156632d7c5b19" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "resident_feedback_submission_idx" ON "resident_feedback"  ("submission_id") `);
        await queryRunner.query(`ALTER TABLE "submission" ADD "resolved_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "submission" ADD "supporter_count" integer NOT NULL DEFAULT '0'`);
        // Reports already waiting for a rating start their rating period from their last change.
        await queryRunner.query(`UPDATE "submission" SET "resolved_at" = "updated_at" WHERE "status" = 'resolved'`);
        await queryRunner.query(`CREATE INDEX "submission_open_subcategory_idx" ON "submission"  ("subcategory", "created_at") `);
        await queryRunner.query(`CREATE INDEX "submission_resolved_at_idx" ON "submission"  ("resolved_at") WHERE "status" = 'resolved'`);
        await queryRunner.query(`ALTER TABLE "resident_feedback" ADD CONSTRAINT "FK_b3dfbacc05a840154ccee7165be" FOREIGN KEY ("submission_id") REFERENCES "submission"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "resident_feedback" DROP CONSTRAINT "FK_b3dfbacc05a840154ccee7165be"`);
        await queryRunner.query(`DROP INDEX "public"."submission_resolved_at_idx"`);
        await queryRunner.query(`DROP INDEX "public"."submission_open_subcategory_idx"`);
        await queryRunner.query(`ALTER TABLE "submission" DROP COLUMN "supporter_count"`);
        await queryRunner.query(`ALTER TABLE "submission" DROP COLUMN "resolved_at"`);
        await queryRunner.query(`DROP INDEX "public"."resident_feedback_submission_idx"`);
        await queryRunner.query(`DROP TABLE "resident_feedback"`);
    }

}
