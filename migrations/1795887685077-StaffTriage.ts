import { MigrationInterface, QueryRunner } from "typeorm";

export class StaffTriage1795887685077 implements MigrationInterface {
    name = 'StaffTriage1795887685077'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "extension_request" ("id" SERIAL NOT NULL, "submission_id" integer NOT NULL, "hours" integer NOT NULL, "reason" text NOT NULL, "status" character varying(10) NOT NULL DEFAULT 'pending', "requested_by_id" integer, "decided_by_id" integer, "decision_note" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "decided_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "extension_request_hours_check" CHECK ("hours" > 0), CONSTRAINT "extension_request_status_check" CHECK ("status" IN ('pending', 'approved', 'refused')), CONSTRAINT "PK_fa783aff51254a4e5739909d199" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "extension_request_status_idx" ON "extension_request"  ("status", "created_at") `);
        await queryRunner.query(`CREATE INDEX "extension_request_submission_idx" ON "extension_request"  ("submission_id") `);
        await queryRunner.query(`CREATE TABLE "reply_template" ("id" SERIAL NOT NULL, "title" character varying(60) NOT NULL, "body" text NOT NULL, "category" character varying(16), "status" character varying(16), "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "reply_template_category_check" CHECK ("category" IN ('dirty', 'disorder', 'shabby', 'crude', 'other')), CONSTRAINT "PK_4a3ada0e40cac8291f49287a8f4" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "submission_supporting_department" ("submission_id" integer NOT NULL, "department_id" integer NOT NULL, CONSTRAINT "PK_32f1e3f2cfebcf1ffdf4d9c46d0" PRIMARY KEY ("submission_id", "department_id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_6394280e097aeeedf77bc7cb91" ON "submission_supporting_department"  ("submission_id") `);
        await queryRunner.query(`CREATE INDEX "IDX_45bb331072f43df008a62e2b78" ON "submission_supporting_department"  ("department_id") `);
        await queryRunner.query(`CREATE TABLE "staff_user_department" ("staff_user_id" integer NOT NULL, "department_id" integer NOT NULL, CONSTRAINT "PK_0695fd5ad60921ae9451dd50f1d" PRIMARY KEY ("staff_user_id", "department_id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_635c9f5b2ac77cff53981d5c35" ON "staff_user_department"  ("staff_user_id") `);
        await queryRunner.query(`CREATE INDEX "IDX_ee055ba98648410ec13d2298f5" ON "staff_user_department"  ("department_id") `);
        await queryRunner.query(`ALTER TABLE "submission" ADD "overdue_stage" character varying(8)`);
        await queryRunner.query(`ALTER TABLE "submission" ADD "escalated_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "submission" ADD "merged_into_id" integer`);
        await queryRunner.query(`ALTER TABLE "attachment" ADD "uploaded_by_id" integer`);
        await queryRunner.query(`CREATE INDEX "submission_merged_into_idx" ON "submission"  ("merged_into_id") `);
        await queryRunner.query(`ALTER TABLE "submission" ADD CONSTRAINT "submission_overdue_stage_check" CHECK ("overdue_stage" IN ('accept', 'resolve'))`);
        await queryRunner.query(`ALTER TABLE "submission" ADD CONSTRAINT "FK_fe56f4e04914c28a8fa76d39ecf" FOREIGN KEY ("merged_into_id") REFERENCES "submission"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "extension_request" ADD CONSTRAINT "FK_5d82201c0c67fbec1cb583b955c" FOREIGN KEY ("submission_id") REFERENCES "submission"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "extension_request" ADD CONSTRAINT "FK_cc3073c3b3ba8bea8c0433d6fc7" FOREIGN KEY ("requested_by_id") REFERENCES "staff_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "extension_request" ADD CONSTRAINT "FK_da4ed347ee61581e3a4a4d0329c" FOREIGN KEY ("decided_by_id") REFERENCES "staff_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "submission_supporting_department" ADD CONSTRAINT "FK_6394280e097aeeedf77bc7cb918" FOREIGN KEY ("submission_id") REFERENCES "submission"("id") ON DELETE CASCADE ON UPDATE CASCADE`);
        await queryRunner.query(`ALTER TABLE "submission_supporting_department" ADD CONSTRAINT "FK_45bb331072f43df008a62e2b78d" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE CASCADE ON UPDATE CASCADE`);
        await queryRunner.query(`ALTER TABLE "staff_user_department" ADD CONSTRAINT "FK_635c9f5b2ac77cff53981d5c355" FOREIGN KEY ("staff_user_id") REFERENCES "staff_user"("id") ON DELETE CASCADE ON UPDATE CASCADE`);
        await queryRunner.query(`ALTER TABLE "staff_user_department" ADD CONSTRAINT "FK_ee055ba98648410ec13d2298f57" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE CASCADE ON UPDATE CASCADE`);
        // TypeORM compares CHECK constraints by name only, so the widened lists are written by hand.
        await queryRunner.query(`ALTER TABLE "attachment" DROP CONSTRAINT "attachment_kind_check"`);
        await queryRunner.query(`ALTER TABLE "attachment" ADD CONSTRAINT "attachment_kind_check" CHECK ("kind" IN ('photo', 'before_photo', 'after_photo'))`);
        await queryRunner.query(`ALTER TABLE "timeline_event" DROP CONSTRAINT "timeline_event_type_check"`);
        await queryRunner.query(`ALTER TABLE "timeline_event" ADD CONSTRAINT "timeline_event_type_check" CHECK ("type" IN ('status_change', 'classification', 'note', 'reply', 'supervision', 'escalation', 'extension'))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "timeline_event" DROP CONSTRAINT "timeline_event_type_check"`);
        await queryRunner.query(`ALTER TABLE "timeline_event" ADD CONSTRAINT "timeline_event_type_check" CHECK ("type" IN ('status_change', 'classification', 'note', 'reply'))`);
        await queryRunner.query(`ALTER TABLE "attachment" DROP CONSTRAINT "attachment_kind_check"`);
        await queryRunner.query(`ALTER TABLE "attachment" ADD CONSTRAINT "attachment_kind_check" CHECK ("kind" IN ('photo', 'after_photo'))`);
        await queryRunner.query(`ALTER TABLE "staff_user_department" DROP CONSTRAINT "FK_ee055ba98648410ec13d2298f57"`);
        await queryRunner.query(`ALTER TABLE "staff_user_department" DROP CONSTRAINT "FK_635c9f5b2ac77cff53981d5c355"`);
        await queryRunner.query(`ALTER TABLE "submission_supporting_department" DROP CONSTRAINT "FK_45bb331072f43df008a62e2b78d"`);
        await queryRunner.query(`ALTER TABLE "submission_supporting_department" DROP CONSTRAINT "FK_6394280e097aeeedf77bc7cb918"`);
        await queryRunner.query(`ALTER TABLE "extension_request" DROP CONSTRAINT "FK_da4ed347ee61581e3a4a4d0329c"`);
        await queryRunner.query(`ALTER TABLE "extension_request" DROP CONSTRAINT "FK_cc3073c3b3ba8bea8c0433d6fc7"`);
        await queryRunner.query(`ALTER TABLE "extension_request" DROP CONSTRAINT "FK_5d82201c0c67fbec1cb583b955c"`);
        await queryRunner.query(`ALTER TABLE "submission" DROP CONSTRAINT "FK_fe56f4e04914c28a8fa76d39ecf"`);
        await queryRunner.query(`ALTER TABLE "submission" DROP CONSTRAINT "submission_overdue_stage_check"`);
        await queryRunner.query(`DROP INDEX "public"."submission_merged_into_idx"`);
        await queryRunner.query(`ALTER TABLE "attachment" DROP COLUMN "uploaded_by_id"`);
        await queryRunner.query(`ALTER TABLE "submission" DROP COLUMN "merged_into_id"`);
        await queryRunner.query(`ALTER TABLE "submission" DROP COLUMN "escalated_at"`);
        await queryRunner.query(`ALTER TABLE "submission" DROP COLUMN "overdue_stage"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_ee055ba98648410ec13d2298f5"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_635c9f5b2ac77cff53981d5c35"`);
        await queryRunner.query(`DROP TABLE "staff_user_department"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_45bb331072f43df008a62e2b78"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_6394280e097aeeedf77bc7cb91"`);
        await queryRunner.query(`DROP TABLE "submission_supporting_department"`);
        await queryRunner.query(`DROP TABLE "reply_template"`);
        await queryRunner.query(`DROP INDEX "public"."extension_request_submission_idx"`);
        await queryRunner.query(`DROP INDEX "public"."extension_request_status_idx"`);
        await queryRunner.query(`DROP TABLE "extension_request"`);
    }

}
