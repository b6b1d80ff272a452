import { execFileSync } from 'node:child_process';
import { loadConfig } from '../../src/config';
import { heapGrowthFlag } from '../../src/heap-growth';

describe('heap growth setting', () => {
  it('is 50% unless HEAP_GROWTH_PERCENT says otherwise, and 0 leaves V8 alone', () => {
    expect(loadConfig({}).heapGrowthPercent).toBe(50);
    expect(heapGrowthFlag(loadConfig({}).heapGrowthPercent)).toBe('--heap-growing-percent=50');
    expect(heapGrowthFlag(loadConfig({ HEAP_GROWTH_PERCENT: '0' }).heapGrowthPercent)).toBeUndefined();
    expect(() => loadConfig({ HEAP_GROWTH_PERCENT: '-5' })).toThrow(/HEAP_GROWTH_PERCENT/);
    expect(() => loadConfig({ HEAP_GROWTH_PERCENT: 'lots' })).toThrow(/HEAP_GROWTH_PERCENT/);
  });

  it("names a flag this Node's V8 knows (V8 ignores unknown flags without a word)", () => {
    const name = heapGrowthFlag(50)!.split('=')[0]!;
    const options = execFileSync(process.execPath, ['--v8-options'], { encoding: 'utf8' });
    expect(options).toContain(`  ${name} (`);
  });
});
