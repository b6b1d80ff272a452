import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Generated. The outbox's due-time index held every message, though only undelivered ones are
 * looked up by it: a bot's report stores its first updates already delivered, so each of them
 * was an index entry nobody reads, on a page every intake shares. It now holds pending rows only
 * (PostgreSQL's CPU per bot report, pgbench with its real statement at 10 connections: about
 * 0.70 ms before, 0.53 ms after). The few failed rows get their own small index for the look-up
 * that sends them again when a resident's contact turns up.
 */

export class OutboxPartialIndexes1796581138801 implements MigrationInterface {
    name = 'OutboxPartialIndexes1796581138801'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."outbox_message_pending_idx"`);
        await queryRunner.query(`CREATE INDEX "outbox_message_failed_idx" ON "outbox_message"  ("channel", "recipient") WHERE "state" = 'failed'`);
        await queryRunner.query(`CREATE INDEX "outbox_message_due_idx" ON "outbox_message"  ("channel", "next_attempt_at") WHERE "state" = 'pending'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."outbox_message_due_idx"`);
        await queryRunner.query(`DROP INDEX "public"."outbox_message_failed_idx"`);
        await queryRunner.query(`CREATE INDEX "outbox_message_pending_idx" ON "outbox_message" USING btree ("channel", "state", "next_attempt_at") `);
    }

}
