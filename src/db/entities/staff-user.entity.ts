import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  JoinTable,
  ManyToMany,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Department } from './department.entity';

export const STAFF_ROLES = ['admin', 'dispatcher', 'department_staff', 'leader'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** A member of staff: log-in, role and the departments whose reports they see. */
@Entity('staff_user')
@Check('staff_user_role_check', `"role" IN ('admin', 'dispatcher', 'department_staff', 'leader')`)
export class StaffUser {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 60, unique: true })
  username!: string;

  @Column({ type: 'varchar', length: 50 })
  displayName!: string;

  @Column({ type: 'varchar', length: 200 })
  passwordHash!: string;

  @Column({ type: 'varchar', length: 20 })
  role!: StaffRole;

  @ManyToOne(() => Department, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'department_id' })
  department!: Department | null;

  @Column({ type: 'int', nullable: true })
  departmentId!: number | null;

  /** Further departments a leader covers (分领导 over several 科室); staff use departmentId only. */
  @ManyToMany(() => Department)
  @JoinTable({
    name: 'staff_user_department',
    joinColumn: { name: 'staff_user_id' },
    inverseJoinColumn: { name: 'department_id' },
  })
  coveredDepartments!: Department[];

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** Wrong passwords in a row; enough of them lock the account for a while. */
  @Column({ type: 'int', default: 0 })
  failedLogins!: number;

  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
