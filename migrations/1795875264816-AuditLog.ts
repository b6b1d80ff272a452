import { MigrationInterface, QueryRunner } from "typeorm";

export class AuditLog1795875264816 implements MigrationInterface {
    name = 'AuditLog1795875264816'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "audit_entry" ("id" SERIAL NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "staff_user_id" integer, "username" character varying(60), "action" character varying(60) NOT NULL, "target_type" character varying(30), "target_id" integer, "details" jsonb NOT NULL DEFAULT '{}', "ip" character varying(64), CONSTRAINT "PK_58a130a4b9da189f46ba2a01801" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "audit_entry_target_idx" ON "audit_entry"  ("target_type", "target_id") `);
        await queryRunner.query(`CREATE INDEX "audit_entry_at_idx" ON "audit_entry"  ("at") `);
        // Added by hand (entities cannot express it): the audit log is append-only.
        await queryRunner.query(`CREATE FUNCTION "audit_entry_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_entry is append-only'; END $$`);
        await queryRunner.query(`CREATE TRIGGER "audit_entry_append_only" BEFORE UPDATE OR DELETE OR TRUNCATE ON "audit_entry" FOR EACH STATEMENT EXECUTE FUNCTION "audit_entry_append_only"()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER "audit_entry_append_only" ON "audit_entry"`);
        await queryRunner.query(`DROP FUNCTION "audit_entry_append_only"()`);
        await queryRunner.query(`DROP INDEX "public"."audit_entry_at_idx"`);
        await queryRunner.query(`DROP INDEX "public"."audit_entry_target_idx"`);
        await queryRunner.query(`DROP TABLE "audit_entry"`);
    }

}
