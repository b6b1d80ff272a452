import { createHash, randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Open311Client } from '../../db/entities';
import type { StaffUser } from '../../db/entities';
import { Forbidden, NotFound, ValidationFailed } from '../../errors';
import { isUniqueViolation } from '../admin/reference-data';
import { audit } from '../audit';

/** What admins see of a client: never the key, only its first characters. */
export interface Open311ClientView {
  readonly id: number;
  readonly name: string;
  readonly contact: string | null;
  readonly keyPrefix: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
  readonly lastUsedAt: string | null;
  readonly requestCount: number;
}

const KEY_PREFIX = 'o311_';

export function keyDigest(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function clientView(client: Open311Client): Open311ClientView {
  return {
    id: client.id,
    name: client.name,
    contact: client.contact,
    keyPrefix: client.keyPrefix,
    createdAt: client.createdAt.toISOString(),
    revokedAt: client.revokedAt?.toISOString() ?? null,
    lastUsedAt: client.lastUsedAt?.toISOString() ?? null,
    requestCount: client.requestCount,
  };
}

/** A new client and its key. The key is returned this once; only its digest is stored. */
export async function issueClientKey(
  dataSource: DataSource,
  admin: StaffUser,
  input: { name: string; contact?: string },
): Promise<{ client: Open311ClientView; apiKey: string }> {
  const apiKey = `${KEY_PREFIX}${randomBytes(24).toString('base64url')}`;
  try {
    const client = await dataSource.transaction(async (manager) => {
      const saved = await manager.getRepository(Open311Client).save(
        manager.getRepository(Open311Client).create({
          name: input.name,
          contact: input.contact ?? null,
          keyPrefix: apiKey.slice(0, 10),
          keyHash: keyDigest(apiKey),
          createdById: admin.id,
        }),
      );
      await audit(manager, {
        staffUserId: admin.id,
        username: admin.username,
        action: 'open311_client.issue',
        targetType: 'open311_client',
        targetId: saved.id,
        details: { name: input.name, contact: input.contact ?? null },
      });
      return saved;
    });
    return { client: clientView(client), apiKey };
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new ValidationFailed([{ field: 'name', rule: 'unique', message: '已有同名的 Open311 客户端' }]);
    }
    throw error;
  }
}

/** A revoked key is refused from the next request on; the client's reports stay. */
export async function revokeClient(dataSource: DataSource, admin: StaffUser, id: number): Promise<Open311ClientView> {
  return dataSource.transaction(async (manager) => {
    const client = await manager
      .getRepository(Open311Client)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!client) throw new NotFound('没有这个 Open311 客户端', `No Open311 client ${id}`);
    if (!client.revokedAt) {
      client.revokedAt = new Date();
      await manager.getRepository(Open311Client).save(client);
      await audit(manager, {
        staffUserId: admin.id,
        username: admin.username,
        action: 'open311_client.revoke',
        targetType: 'open311_client',
        targetId: client.id,
        details: { name: client.name },
      });
    }
    return clientView(client);
  });
}

export async function listClients(dataSource: DataSource): Promise<Open311ClientView[]> {
  const clients = await dataSource.getRepository(Open311Client).find({ order: { revokedAt: 'DESC', name: 'ASC' } });
  return clients.map(clientView);
}

/** The client a key belongs to; 403 (as GeoReport v2 says) for a missing, unknown or revoked key. */
export async function authenticateClient(dataSource: DataSource, apiKey: string | undefined): Promise<Open311Client> {
  if (!apiKey) throw new Forbidden('缺少 api_key', 'api_key is required');
  const client = await dataSource.getRepository(Open311Client).findOneBy({ keyHash: keyDigest(apiKey) });
  if (!client) throw new Forbidden('api_key 无效', 'api_key is not valid');
  if (client.revokedAt) throw new Forbidden('api_key 已被吊销，请联系创城办', 'api_key has been revoked');
  return client;
}
