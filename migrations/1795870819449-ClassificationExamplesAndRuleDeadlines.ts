import { MigrationInterface, QueryRunner } from "typeorm";

export class ClassificationExamplesAndRuleDeadlines1795870819449 implements MigrationInterface {
    name = 'ClassificationExamplesAndRuleDeadlines1795870819449'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "classification_example" ("id" SERIAL NOT NULL, "text" text NOT NULL, "category" character varying(16) NOT NULL, "subcategory" character varying(40) NOT NULL, "submission_id" integer, "corrected_by_id" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "classification_example_category_check" CHECK ("category" IN ('dirty', 'disorder', 'shabby', 'crude', 'other')), CONSTRAINT "PK_d4524591a58380ab0dbde47d069" PRIMARY KEY ("id"))`);
        await queryRunner.query(`ALTER TABLE "routing_rule" ADD "keyword" character varying(60)`);
        await queryRunner.query(`ALTER TABLE "routing_rule" ADD "resolve_within_hours" integer`);
        await queryRunner.query(`ALTER TABLE "classification_example" ADD CONSTRAINT "FK_db59baee8fa32b42afd91f6b812" FOREIGN KEY ("submission_id") REFERENCES "submission"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "classification_example" ADD CONSTRAINT "FK_b8288e1619c970c1b9a78841a47" FOREIGN KEY ("corrected_by_id") REFERENCES "staff_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "classification_example" DROP CONSTRAINT "FK_b8288e1619c970c1b9a78841a47"`);
        await queryRunner.query(`ALTER TABLE "classification_example" DROP CONSTRAINT "FK_db59baee8fa32b42afd91f6b812"`);
        await queryRunner.query(`ALTER TABLE "routing_rule" DROP COLUMN "resolve_within_hours"`);
        await queryRunner.query(`ALTER TABLE "routing_rule" DROP COLUMN "keyword"`);
        await queryRunner.query(`DROP TABLE "classification_example"`);
    }

}
