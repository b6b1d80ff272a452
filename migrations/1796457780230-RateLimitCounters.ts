import { MigrationInterface, QueryRunner } from "typeorm";

export class RateLimitCounters1796457780230 implements MigrationInterface {
    name = 'RateLimitCounters1796457780230'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE UNLOGGED TABLE "rate_limit_counter" ("key" character varying(300) NOT NULL, "count" integer NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_5bfa3ad3fe33321b1d17eae4746" PRIMARY KEY ("key"))`);
        await queryRunner.query(`CREATE INDEX "rate_limit_counter_expires_idx" ON "rate_limit_counter"  ("expires_at") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."rate_limit_counter_expires_idx"`);
        await queryRunner.query(`DROP TABLE "rate_limit_counter"`);
    }

}
