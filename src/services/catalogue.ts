import { DataSource } from 'typeorm';
import { Department } from '../db/entities';

export function listDepartments(dataSource: DataSource): Promise<Department[]> {
  return dataSource.getRepository(Department).find({ order: { id: 'ASC' } });
}
