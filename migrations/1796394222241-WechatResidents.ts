import { MigrationInterface, QueryRunner } from "typeorm";

export class WechatResidents1796394222241 implements MigrationInterface {
    name = 'WechatResidents1796394222241'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "submission" ADD "submitter_handle" character varying(64)`);
        await queryRunner.query(`ALTER TABLE "submission" ADD "channel_unreachable_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`CREATE INDEX "submission_submitter_idx" ON "submission"  ("channel", "submitter_channel_id") `);
        // Written by hand: TypeORM does not compare the bodies of CHECK constraints.
        await queryRunner.query(`ALTER TABLE "submission" DROP CONSTRAINT "submission_status_check"`);
        await queryRunner.query(`ALTER TABLE "submission" ADD CONSTRAINT "submission_status_check" CHECK ("status" IN ('submitted', 'assigned', 'accepted', 'in_progress', 'resolved', 'closed', 'rejected', 'duplicate', 'returned', 'reopened', 'withdrawn'))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`UPDATE "submission" SET "status" = 'closed' WHERE "status" = 'withdrawn'`);
        await queryRunner.query(`ALTER TABLE "submission" DROP CONSTRAINT "submission_status_check"`);
        await queryRunner.query(`ALTER TABLE "submission" ADD CONSTRAINT "submission_status_check" CHECK ("status" IN ('submitted', 'assigned', 'accepted', 'in_progress', 'resolved', 'closed', 'rejected', 'duplicate', 'returned', 'reopened'))`);
        await queryRunner.query(`DROP INDEX "public"."submission_submitter_idx"`);
        await queryRunner.query(`ALTER TABLE "submission" DROP COLUMN "channel_unreachable_at"`);
        await queryRunner.query(`ALTER TABLE "submission" DROP COLUMN "submitter_handle"`);
    }

}
