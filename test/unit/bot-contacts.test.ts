import type { Wechaty } from 'wechaty';
import { ContactDirectory } from '../../bots/wechat/contacts';
import { jsonLog } from '../../bots/wechat/log';
import type { PortalClient } from '../../bots/wechat/portal-client';

/**
 * Finding a resident again after their contact id changed. The mock puppet cannot keep remarks,
 * so this part is checked with a stand-in for Wechaty's contact look-up; the conversation itself
 * is tested on the real Wechaty in test/bot.
 */
describe('the contact directory', () => {
  type FakeContact = { id: string; remark?: string; alias(value?: string): Promise<string | undefined> };
  const contact = (id: string, remark?: string): FakeContact => {
    const c: FakeContact = {
      id,
      remark,
      async alias(value?: string) {
        if (value !== undefined) c.remark = value;
        return c.remark;
      },
    };
    return c;
  };
  const setup = (contacts: FakeContact[]) => {
    const moved: [string, string][] = [];
    const bot = {
      Contact: {
        async find(query: { id?: string; alias?: string }) {
          return contacts.find((c) => (query.id ? c.id === query.id : c.remark === query.alias));
        },
      },
    } as unknown as Wechaty;
    const portal = {
      async moveHandle(handle: string, id: string) {
        moved.push([handle, id]);
      },
    } as unknown as PortalClient;
    return { directory: new ContactDirectory(bot, portal, jsonLog('silent')), moved };
  };

  it('finds a contact by id first, then by its remark, and tells the portal the new id', async () => {
    const relogged = contact('wxid_new', 'cc-abcdefghij');
    const { directory, moved } = setup([contact('wxid_same'), relogged]);
    expect((await directory.find('wxid_same', 'cc-0000000000'))?.id).toBe('wxid_same');
    expect(moved).toEqual([]);
    expect((await directory.find('wxid_old', 'cc-abcdefghij'))?.id).toBe('wxid_new');
    expect(moved).toEqual([['cc-abcdefghij', 'wxid_new']]);
    expect(await directory.find('wxid_gone', 'cc-zzzzzzzzzz')).toBeUndefined();
    expect(await directory.find('wxid_gone', null)).toBeUndefined();
  });

  it('gives a new resident a remark of its own and recognises a returning one by it', async () => {
    const newcomer = contact('wxid_1');
    const { directory, moved } = setup([newcomer]);
    const handle = await directory.handleOf(newcomer as never);
    expect(handle).toMatch(/^cc-[a-z0-9]{10}$/);
    expect(newcomer.remark).toBe(handle);
    expect(await directory.handleOf(newcomer as never)).toBe(handle);
    expect(moved).toEqual([]);
    // A remark that is not ours (the account owner's own note) is replaced.
    const noted = contact('wxid_3', '王阿姨');
    expect(await directory.handleOf(noted as never)).toMatch(/^cc-/);

    const known = contact('wxid_9', 'cc-abcdefghij');
    const second = setup([known]);
    expect(await second.directory.handleOf(known as never)).toBe('cc-abcdefghij');
    expect(second.moved).toEqual([['cc-abcdefghij', 'wxid_9']]);
  });
});
