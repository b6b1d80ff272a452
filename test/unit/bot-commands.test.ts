import { normaliseText, parseCommand } from '../../bots/wechat/commands';

describe('the bot reads commands forgivingly', () => {
  it.each([
    ['帮助', { kind: 'help' }],
    [' 帮 助 '.replace(/ /g, ''), { kind: 'help' }],
    ['提交', { kind: 'send' }],
    ['我的', { kind: 'mine' }],
    ['查询', { kind: 'status' }],
    ['进度', { kind: 'status' }],
    ['查询 7kq4m-xr9te', { kind: 'status', code: '7KQ4M-XR9TE' }],
    ['进度７ＫＱ４ＭＸＲ９ＴＥ', { kind: 'status', code: '7KQ4M-XR9TE' }],
    ['评价 7KQ4M-XR9TE 5 很及时', { kind: 'rate', code: '7KQ4M-XR9TE', rating: 5, comment: '很及时' }],
    ['评价５星　谢谢', { kind: 'rate', rating: 5, comment: '谢谢' }],
    ['评价', { kind: 'rate' }],
    ['未解决 7KQ4M-XR9TE 还是很脏', { kind: 'notFixed', code: '7KQ4M-XR9TE', comment: '还是很脏' }],
    ['没解决', { kind: 'notFixed' }],
    ['没有解决停车难的问题', { kind: 'report', text: '没有解决停车难的问题' }],
    ['撤回 7KQ4M-XR9TE', { kind: 'withdraw', code: '7KQ4M-XR9TE' }],
    ['人民路有人摆摊', { kind: 'report', text: '人民路有人摆摊' }],
    // A question that starts like a command is a message for the mailbox, whole.
    ['查询一下垃圾怎么分类', { kind: 'report', text: '查询一下垃圾怎么分类' }],
    ['评价一下你们的工作：很好', { kind: 'report', text: '评价一下你们的工作：很好' }],
  ])('%s', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  it('turns full-width letters, digits and spaces into half-width', () => {
    expect(normaliseText('　ＡＢＣ　１２３　')).toBe('ABC 123');
  });
});
