import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { CategoryCode } from '../../domain/taxonomy';
import { Department } from './department.entity';

/** Maps (category, subcategory, keyword, area) to a department and a deadline; the most specific enabled rule wins. */
@Entity('routing_rule')
@Check('routing_rule_category_check', `"category" IN ('dirty', 'disorder', 'shabby', 'crude', 'other')`)
@Index('routing_rule_category_idx', ['category', 'enabled'])
export class RoutingRule {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 16 })
  category!: CategoryCode;

  @Column({ type: 'varchar', length: 40, nullable: true })
  subcategory!: string | null;

  /** A word that must appear in the report's text or address, e.g. 超市. */
  @Column({ type: 'varchar', length: 60, nullable: true })
  keyword!: string | null;

  /** A place name (街道, 社区, 村) matched against the report's address. */
  @Column({ type: 'varchar', length: 60, nullable: true })
  area!: string | null;

  @ManyToOne(() => Department, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_id' })
  department!: Department;

  @Column({ type: 'int' })
  departmentId!: number;

  /** Working hours the department has to resolve; empty means the category's default. */
  @Column({ type: 'int', nullable: true })
  resolveWithinHours!: number | null;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
