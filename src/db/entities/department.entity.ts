import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** 承办单位: a department that owns reports (分科室), under its leader (分领导). */
@Entity('department')
export class Department {
  @PrimaryGeneratedColumn()
  id!: number;

  /** Stable identifier used by seed data and routing rules, e.g. `sanitation`. */
  @Column({ type: 'varchar', length: 40, unique: true })
  code!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'varchar', length: 50, nullable: true })
  leaderName!: string | null;

  /** The department's public office number, not a resident's. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  contactPhone!: string | null;

  /** Receives what no rule routes and what the classifier is unsure of (创城办). */
  @Column({ type: 'boolean', default: false })
  isDispatchOffice!: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
