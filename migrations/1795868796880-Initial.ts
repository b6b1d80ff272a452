import { MigrationInterface, QueryRunner } from "typeorm";

export class Initial1795868796880 implements MigrationInterface {
    name = 'Initial1795868796880'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "department" ("id" SERIAL NOT NULL, "code" character varying(40) NOT NULL, "name" character varying(100) NOT NULL, "leader_name" character varying(50), "contact_phone" character varying(40), "is_dispatch_office" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_62690f4fe31da9eb824d909285f" UNIQUE ("code"), CONSTRAINT "PK_9a2213262c1593bffb581e382f5" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "submission" ("id" SERIAL NOT NULL, "tracking_code" character varying(11) NOT NULL, "content" text NOT NULL, "channel" character varying(16) NOT NULL, "category" character varying(16) NOT NULL, "subcategory" character varying(40) NOT NULL, "confidence" real NOT NULL, "needs_review" boolean NOT NULL, "classification" jsonb NOT NULL, "department_id" integer NOT NULL, "status" character varying(16) NOT NULL, "accept_deadline" TIMESTAMP WITH TIME ZONE NOT NULL, "resolve_deadline" TIMESTAMP WITH TIME ZONE NOT NULL, "address" text, "lat" double precision, "lng" double precision, "contact_name" character varying(50), "contact_phone" character varying(11), "anonymous" boolean NOT NULL DEFAULT false, "submitter_channel_id" character varying(128), "idempotency_key" character varying(200), "request_hash" character(64), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "submission_category_check" CHECK ("category" IN ('dirty', 'disorder', 'shabby', 'crude', 'other')), CONSTRAINT "submission_channel_check" CHECK ("channel" IN ('web', 'wechat', 'api')), CONSTRAINT "submission_status_check" CHECK ("status" IN ('submitted', 'assigned', 'accepted', 'in_progress', 'resolved', 'closed', 'rejected', 'duplicate', 'returned', 'reopened')), CONSTRAINT "PK_7faa571d0e4a7076e85890c9bd0" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "submission_tracking_code_key" ON "submission"  ("tracking_code") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "submission_idempotency_key_key" ON "submission"  ("idempotency_key") `);
        await queryRunner.query(`CREATE INDEX "submission_created_idx" ON "submission"  ("created_at") `);
        await queryRunner.query(`CREATE INDEX "submission_department_status_created_idx" ON "submission"  ("department_id", "status", "created_at") `);
        await queryRunner.query(`CREATE INDEX "submission_status_created_idx" ON "submission"  ("status", "created_at") `);
        await queryRunner.query(`CREATE TABLE "attachment" ("id" SERIAL NOT NULL, "submission_id" integer NOT NULL, "kind" character varying(16) NOT NULL, "storage_key" character varying(300) NOT NULL, "thumbnail_key" character varying(300), "mime_type" character varying(40) NOT NULL, "byte_size" integer NOT NULL, "width" integer, "height" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "attachment_kind_check" CHECK ("kind" IN ('photo', 'after_photo')), CONSTRAINT "PK_d2a80c3a8d467f08a750ac4b420" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "attachment_submission_idx" ON "attachment"  ("submission_id") `);
        await queryRunner.query(`CREATE TABLE "staff_user" ("id" SERIAL NOT NULL, "username" character varying(60) NOT NULL, "display_name" character varying(50) NOT NULL, "password_hash" character varying(200) NOT NULL, "role" character varying(20) NOT NULL, "department_id" integer, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_5b021acaebf628d940d8ad2476d" UNIQUE ("username"), CONSTRAINT "staff_user_role_check" CHECK ("role" IN ('admin', 'dispatcher', 'department_staff', 'leader')), CONSTRAINT "PK_cec9365d9fc3a3409158b645f2e" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "timeline_event" ("id" SERIAL NOT NULL, "submission_id" integer NOT NULL, "type" character varying(20) NOT NULL, "actor_type" character varying(10) NOT NULL, "actor_staff_id" integer, "actor_label" character varying(100) NOT NULL, "from_status" character varying(16), "to_status" character varying(16), "note" text, "visible_to_resident" boolean NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "timeline_event_actor_type_check" CHECK ("actor_type" IN ('resident', 'system', 'staff')), CONSTRAINT "timeline_event_type_check" CHECK ("type" IN ('status_change', 'classification', 'note', 'reply')), CONSTRAINT "PK_8f5a66cd7151d78a419da3a3375" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "timeline_event_submission_created_idx" ON "timeline_event"  ("submission_id", "created_at") `);
        await queryRunner.query(`CREATE TABLE "outbox_message" ("id" SERIAL NOT NULL, "submission_id" integer NOT NULL, "event_id" integer NOT NULL, "channel" character varying(16) NOT NULL, "recipient" character varying(128), "payload" jsonb NOT NULL, "state" character varying(10) NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "outbox_message_state_check" CHECK ("state" IN ('pending', 'sent', 'failed')), CONSTRAINT "PK_2f36ee5236f2793f3e7bd554589" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "outbox_message_submission_idx" ON "outbox_message"  ("submission_id") `);
        await queryRunner.query(`CREATE INDEX "outbox_message_pending_idx" ON "outbox_message"  ("channel", "state", "next_attempt_at") `);
        await queryRunner.query(`CREATE TABLE "routing_rule" ("id" SERIAL NOT NULL, "category" character varying(16) NOT NULL, "subcategory" character varying(40), "area" character varying(60), "department_id" integer NOT NULL, "enabled" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "routing_rule_category_check" CHECK ("category" IN ('dirty', 'disorder', 'shabby', 'crude', 'other')), CONSTRAINT "PK_b402e9e6a4d11fbd58e076daa2f" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "routing_rule_category_idx" ON "routing_rule"  ("category", "enabled") `);
        await queryRunner.query(`ALTER TABLE "submission" ADD CONSTRAINT "FK_7ba439efbd23363878b2c8b9a8b" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "attachment" ADD CONSTRAINT "FK_d9ad97ed3d9629bfc4dfa408010" FOREIGN KEY ("submission_id") REFERENCES "submission"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "staff_user" ADD CONSTRAINT "FK_02187690a65357bc0c124aef626" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "timeline_event" ADD CONSTRAINT "FK_89929bef7e4338c2c2a755e6f28" FOREIGN KEY ("submission_id") REFERENCES "submission"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "timeline_event" ADD CONSTRAINT "FK_40b585f8f8049561b701d7346b8" FOREIGN KEY ("actor_staff_id") REFERENCES "staff_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "outbox_message" ADD CONSTRAINT "FK_dcc7364343c311154ebfb8960ef" FOREIGN KEY ("submission_id") REFERENCES "submission"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "outbox_message" ADD CONSTRAINT "FK_7f18a4003f825f44269f1693c31" FOREIGN KEY ("event_id") REFERENCES "timeline_event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "routing_rule" ADD CONSTRAINT "FK_a0fbd0067ca10560f5a422dd39a" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "routing_rule" DROP CONSTRAINT "FK_a0fbd0067ca10560f5a422dd39a"`);
        await queryRunner.query(`ALTER TABLE "outbox_message" DROP CONSTRAINT "FK_7f18a4003f825f44269f1693c31"`);
        await queryRunner.query(`ALTER TABLE "outbox_message" DROP CONSTRAINT "FK_dcc7364343c311154ebfb8960ef"`);
        await queryRunner.query(`ALTER TABLE "timeline_event" DROP CONSTRAINT "FK_40b585f8f8049561b701d7346b8"`);
        await queryRunner.query(`ALTER TABLE "timeline_event" DROP CONSTRAINT "FK_89929bef7e4338c2c2a755e6f28"`);
        await queryRunner.query(`ALTER TABLE "staff_user" DROP CONSTRAINT "FK_02187690a65357bc0c124aef626"`);
        await queryRunner.query(`ALTER TABLE "attachment" DROP CONSTRAINT "FK_d9ad97ed3d9629bfc4dfa408010"`);
        await queryRunner.query(`ALTER TABLE "submission" DROP CONSTRAINT "FK_7ba439efbd23363878b2c8b9a8b"`);
        await queryRunner.query(`DROP INDEX "public"."routing_rule_category_idx"`);
        await queryRunner.query(`DROP TABLE "routing_rule"`);
        await queryRunner.query(`DROP INDEX "public"."outbox_message_pending_idx"`);
        await queryRunner.query(`DROP INDEX "public"."outbox_message_submission_idx"`);
        await queryRunner.query(`DROP TABLE "outbox_message"`);
        await queryRunner.query(`DROP INDEX "public"."timeline_event_submission_created_idx"`);
        await queryRunner.query(`DROP TABLE "timeline_event"`);
        await queryRunner.query(`DROP TABLE "staff_user"`);
        await queryRunner.query(`DROP INDEX "public"."attachment_submission_idx"`);
        await queryRunner.query(`DROP TABLE "attachment"`);
        await queryRunner.query(`DROP INDEX "public"."submission_status_created_idx"`);
        await queryRunner.query(`DROP INDEX "public"."submission_department_status_created_idx"`);
        await queryRunner.query(`DROP INDEX "public"."submission_created_idx"`);
        await queryRunner.query(`DROP INDEX "public"."submission_idempotency_key_key"`);
        await queryRunner.query(`DROP INDEX "public"."submission_tracking_code_key"`);
        await queryRunner.query(`DROP TABLE "submission"`);
        await queryRunner.query(`DROP TABLE "department"`);
    }

}
