import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

describe('npm run -s classify', () => {
  it('classifies one report per stdin line without a database or a server', () => {
    const env = { ...process.env, DATABASE_URL: '', TEST_DATABASE_URL: '' };
    const result = spawnSync('npm', ['run', '-s', 'classify'], {
      cwd: root,
      env,
      input: '3号楼2单元楼道里堆满了纸箱和旧家具\n\n人民路有游商摆摊卖水果\n😀😀\n',
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(0);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(3); // the empty line is skipped
    expect(lines[0]).toMatchObject({
      category: 'shabby',
      subcategory: 'stairwell_clutter',
      needsReview: false,
      department: '街道办 / 社区',
    });
    expect(lines[1]).toMatchObject({
      category: 'disorder',
      subcategory: 'street_vendor',
      department: '城市管理综合执法局',
    });
    expect(lines[2]).toMatchObject({ category: 'other', needsReview: true, department: '创城办' });
    for (const line of lines) expect(Object.keys(line)).toEqual(expect.arrayContaining(['confidence', 'department']));
  }, 90_000);
});
