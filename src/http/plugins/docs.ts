import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

/** OpenAPI description of every route, served at /docs (UI) and /docs/json. */
export async function registerDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: '创城信箱 API',
        description:
          '创建全国文明城市群众反映平台的公开接口：提交反映、按编号查询进度、分类和承办单位目录。' +
          '错误统一返回 `{ error: { code, message, messageEn, fields?, requestId } }`。',
        version: '1',
      },
      tags: [
        { name: 'submissions', description: '群众反映' },
        { name: 'classification', description: '自动分类与分派' },
        { name: 'catalogue', description: '分类与承办单位' },
        { name: 'staff', description: '工作人员登录' },
        { name: 'open311', description: 'Open311 GeoReport v2：/open311/v2，JSON 与 XML' },
        { name: 'health', description: '运行状态' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
}
