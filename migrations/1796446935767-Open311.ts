import { MigrationInterface, QueryRunner } from "typeorm";

export class Open3111796446935767 implements MigrationInterface {
    name = 'Open3111796446935767'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "open311_client" ("id" SERIAL NOT NULL, "name" character varying(100) NOT NULL, "contact" character varying(200), "key_prefix" character varying(12) NOT NULL, "key_hash" character(64) NOT NULL, "created_by_id" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, "last_used_at" TIMESTAMP WITH TIME ZONE, "request_count" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_cc264f4981ee35adc71d6cfd739" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "open311_client_key_hash_key" ON "open311_client"  ("key_hash") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "open311_client_name_key" ON "open311_client"  ("name") `);
        await queryRunner.query(`CREATE TABLE "open311_request" ("submission_id" integer NOT NULL, "client_id" integer NOT NULL, "token" character varying(36) NOT NULL, "service_code" character varying(40) NOT NULL, "attributes" jsonb NOT NULL DEFAULT '{}', "media_url" text, "email" character varying(254), "account_id" character varying(100), "device_id" character varying(100), CONSTRAINT "PK_fbfdbca99ad3b898b18a252d1b7" PRIMARY KEY ("submission_id"))`);
        await queryRunner.query(`CREATE INDEX "open311_request_client_idx" ON "open311_request"  ("client_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "open311_request_token_key" ON "open311_request"  ("token") `);
        await queryRunner.query(`ALTER TABLE "open311_client" ADD CONSTRAINT "FK_8259fc12f5deaa2b66ce31f10cc" FOREIGN KEY ("created_by_id") REFERENCES "staff_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "open311_request" ADD CONSTRAINT "FK_fbfdbca99ad3b898b18a252d1b7" FOREIGN KEY ("submission_id") REFERENCES "submission"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "open311_request" ADD CONSTRAINT "FK_e2354145b5377de27df66588948" FOREIGN KEY ("client_id") REFERENCES "open311_client"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        // Written by hand: TypeORM does not notice a changed CHECK expression.
        await queryRunner.query(`ALTER TABLE "submission" DROP CONSTRAINT "submission_channel_check"`);
        await queryRunner.query(`ALTER TABLE "submission" ADD CONSTRAINT "submission_channel_check" CHECK ("channel" IN ('web', 'wechat', 'api', 'open311'))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "submission" DROP CONSTRAINT "submission_channel_check"`);
        await queryRunner.query(`ALTER TABLE "submission" ADD CONSTRAINT "submission_channel_check" CHECK ("channel" IN ('web', 'wechat', 'api'))`);
        await queryRunner.query(`ALTER TABLE "open311_request" DROP CONSTRAINT "FK_e2354145b5377de27df66588948"`);
        await queryRunner.query(`ALTER TABLE "open311_request" DROP CONSTRAINT "FK_fbfdbca99ad3b898b18a252d1b7"`);
        await queryRunner.query(`ALTER TABLE "open311_client" DROP CONSTRAINT "FK_8259fc12f5deaa2b66ce31f10cc"`);
        await queryRunner.query(`DROP INDEX "public"."open311_request_token_key"`);
        await queryRunner.query(`DROP INDEX "public"."open311_request_client_idx"`);
        await queryRunner.query(`DROP TABLE "open311_request"`);
        await queryRunner.query(`DROP INDEX "public"."open311_client_name_key"`);
        await queryRunner.query(`DROP INDEX "public"."open311_client_key_hash_key"`);
        await queryRunner.query(`DROP TABLE "open311_client"`);
    }

}
