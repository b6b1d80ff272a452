import { MigrationInterface, QueryRunner } from "typeorm";

export class SubmissionVersion1795874614931 implements MigrationInterface {
    name = 'SubmissionVersion1795874614931'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "submission" ADD "version" integer NOT NULL DEFAULT '1'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "submission" DROP COLUMN "version"`);
    }

}
