import { MigrationInterface, QueryRunner } from "typeorm";

export class StaffNotifications1796408871951 implements MigrationInterface {
    name = 'StaffNotifications1796408871951'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "staff_notification" ("id" SERIAL NOT NULL, "staff_user_id" integer NOT NULL, "kind" character varying(20) NOT NULL, "period_start" date NOT NULL, "title" character varying(100) NOT NULL, "data" jsonb NOT NULL, "read_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "staff_notification_kind_check" CHECK ("kind" IN ('weekly_digest')), CONSTRAINT "PK_687ce8c4bfb1aca0b40c5d828cc" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "staff_notification_inbox_idx" ON "staff_notification"  ("staff_user_id", "created_at") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "staff_notification_once_key" ON "staff_notification"  ("staff_user_id", "kind", "period_start") `);
        await queryRunner.query(`ALTER TABLE "staff_notification" ADD CONSTRAINT "FK_8bac68f2f02958309b1ef8c3e50" FOREIGN KEY ("staff_user_id") REFERENCES "staff_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "staff_notification" DROP CONSTRAINT "FK_8bac68f2f02958309b1ef8c3e50"`);
        await queryRunner.query(`DROP INDEX "public"."staff_notification_once_key"`);
        await queryRunner.query(`DROP INDEX "public"."staff_notification_inbox_idx"`);
        await queryRunner.query(`DROP TABLE "staff_notification"`);
    }

}
