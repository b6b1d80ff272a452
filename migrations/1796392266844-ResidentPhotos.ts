import { MigrationInterface, QueryRunner } from "typeorm";

export class ResidentPhotos1796392266844 implements MigrationInterface {
    name = 'ResidentPhotos1796392266844'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "attachment" ADD "upload_token" character varying(40)`);
        await queryRunner.query(`ALTER TABLE "attachment" ADD "lat" double precision`);
        await queryRunner.query(`ALTER TABLE "attachment" ADD "lng" double precision`);
        await queryRunner.query(`ALTER TABLE "attachment" DROP CONSTRAINT "FK_d9ad97ed3d9629bfc4dfa408010"`);
        await queryRunner.query(`ALTER TABLE "attachment" ALTER COLUMN "submission_id" DROP NOT NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "attachment_upload_token_key" ON "attachment"  ("upload_token") `);
        await queryRunner.query(`CREATE INDEX "attachment_unclaimed_idx" ON "attachment"  ("created_at") WHERE "submission_id" IS NULL`);
        await queryRunner.query(`ALTER TABLE "attachment" ADD CONSTRAINT "FK_d9ad97ed3d9629bfc4dfa408010" FOREIGN KEY ("submission_id") REFERENCES "submission"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "attachment" DROP CONSTRAINT "FK_d9ad97ed3d9629bfc4dfa408010"`);
        await queryRunner.query(`DROP INDEX "public"."attachment_unclaimed_idx"`);
        await queryRunner.query(`DROP INDEX "public"."attachment_upload_token_key"`);
        // Uploads still waiting for their report cannot exist without one.
        await queryRunner.query(`DELETE FROM "attachment" WHERE "submission_id" IS NULL`);
        await queryRunner.query(`ALTER TABLE "attachment" ALTER COLUMN "submission_id" SET NOT NULL`);
        await queryRunner.query(`ALTER TABLE "attachment" ADD CONSTRAINT "FK_d9ad97ed3d9629bfc4dfa408010" FOREIGN KEY ("submission_id") REFERENCES "submission"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "attachment" DROP COLUMN "lng"`);
        await queryRunner.query(`ALTER TABLE "attachment" DROP COLUMN "lat"`);
        await queryRunner.query(`ALTER TABLE "attachment" DROP COLUMN "upload_token"`);
    }

}
