import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app';
import { listDepartments } from '../../services/catalogue';
import { categoriesView, departmentsView } from '../presenters';
import { categoriesSchema, departmentsSchema } from '../schemas';

export async function catalogueRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get(
    '/api/v1/categories',
    { schema: { tags: ['catalogue'], summary: '问题分类（脏乱差粗及其他）', response: { 200: categoriesSchema } } },
    async () => categoriesView(),
  );

  app.get(
    '/api/v1/departments',
    { schema: { tags: ['catalogue'], summary: '承办单位', response: { 200: departmentsSchema } } },
    async () => departmentsView(await listDepartments(deps.dataSource)),
  );
}
