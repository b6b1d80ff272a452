import { MigrationInterface, QueryRunner } from "typeorm";

export class StaffSessionsAndLockout1795874880478 implements MigrationInterface {
    name = 'StaffSessionsAndLockout1795874880478'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "staff_session" ("token_hash" character(64) NOT NULL, "staff_user_id" integer NOT NULL, "csrf_token" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_bd04302ff5686f90da181a7176d" PRIMARY KEY ("token_hash"))`);
        await queryRunner.query(`CREATE INDEX "staff_session_user_idx" ON "staff_session"  ("staff_user_id") `);
        await queryRunner.query(`ALTER TABLE "staff_user" ADD "failed_logins" integer NOT NULL DEFAULT '0'`);
        await queryRunner.query(`ALTER TABLE "staff_user" ADD "locked_until" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "staff_session" ADD CONSTRAINT "FK_a22a2e34ae99521fce06336f06e" FOREIGN KEY ("staff_user_id") REFERENCES "staff_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "staff_session" DROP CONSTRAINT "FK_a22a2e34ae99521fce06336f06e"`);
        await queryRunner.query(`ALTER TABLE "staff_user" DROP COLUMN "locked_until"`);
        await queryRunner.query(`ALTER TABLE "staff_user" DROP COLUMN "failed_logins"`);
        await queryRunner.query(`DROP INDEX "public"."staff_session_user_idx"`);
        await queryRunner.query(`DROP TABLE "staff_session"`);
    }

}
