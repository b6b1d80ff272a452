import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { UnsupportedMediaType, ValidationFailed } from '../errors';

/**
 * The one file of a multipart upload. A malformed multipart body (no boundary, say) is the
 * client's mistake and answers 415, not an internal error; Fastify's own limits keep their codes.
 */
export async function singleFile(request: FastifyRequest): Promise<MultipartFile> {
  let file: MultipartFile | undefined;
  try {
    file = await request.file();
  } catch (error) {
    if (typeof (error as { code?: unknown }).code === 'string' && (error as { code: string }).code.startsWith('FST_')) {
      throw error;
    }
    throw new UnsupportedMediaType(
      '上传内容不是有效的 multipart/form-data（缺少 boundary 或格式有误）',
      `Malformed multipart body: ${(error as Error).message}`,
    );
  }
  if (!file) throw new ValidationFailed([{ field: 'file', rule: 'required', message: '请选择一张照片' }]);
  return file;
}

/**
 * The bytes of the uploaded file. A body that ends before its closing boundary (a dropped
 * connection, a client that cut it short) is the client's mistake and answers 400 naming the
 * file; Fastify's own limits (the file is too large) keep their codes.
 */
export async function fileBytes(file: MultipartFile): Promise<Buffer> {
  try {
    return await file.toBuffer();
  } catch (error) {
    if (typeof (error as { code?: unknown }).code === 'string' && (error as { code: string }).code.startsWith('FST_')) {
      throw error;
    }
    throw new ValidationFailed([
      { field: 'file', rule: 'incomplete', message: '照片没有完整上传（上传内容不完整），请重新上传' },
    ]);
  }
}
