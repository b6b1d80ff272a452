import { MigrationInterface, QueryRunner } from "typeorm";

export class OutboxDelivery1796391762132 implements MigrationInterface {
    name = 'OutboxDelivery1796391762132'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "submission" ADD "notify_sms" boolean NOT NULL DEFAULT false`);
        await queryRunner.query(`CREATE INDEX "outbox_message_recipient_pending_idx" ON "outbox_message"  ("channel", "recipient", "id") WHERE "state" = 'pending'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."outbox_message_recipient_pending_idx"`);
        await queryRunner.query(`ALTER TABLE "submission" DROP COLUMN "notify_sms"`);
    }

}
