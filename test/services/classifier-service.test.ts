import { ClassificationExample } from '../../src/db/entities';
import { ClassifierService } from '../../src/services/classifier-service';
import { useTestDatabase } from '../support/test-database';

describe('ClassifierService learns from staff corrections', () => {
  const db = useTestDatabase();

  // Made-up local slang the corpus never uses: the classifier cannot know what it is about.
  const slang = '东区天天有嗷嗷鹫，嗷嗷鹫一来就是一整天';
  const similar = '西区也有嗷嗷鹫了，管管吧';

  it('stores a correction and, retrained, classifies a similar new text the corrected way', async () => {
    const service = new ClassifierService(db.dataSource, 0.5);
    await service.retrain();
    const before = service.classify(similar);
    expect(before.subcategory).not.toBe('street_vendor');

    await service.recordCorrection({ text: slang, category: 'disorder', subcategory: 'street_vendor' });
    expect(await db.dataSource.getRepository(ClassificationExample).countBy({ text: slang })).toBe(1);
    const after = service.classify(similar);
    expect([after.category, after.subcategory]).toEqual(['disorder', 'street_vendor']);
    expect(after.signals.map((s) => s.term)).toEqual(expect.arrayContaining([expect.stringContaining('嗷')]));

    // A fresh process (start-up) learns the stored corrections too.
    const restarted = new ClassifierService(db.dataSource, 0.5);
    await restarted.retrain();
    expect(restarted.classify(similar).subcategory).toBe('street_vendor');
  });

  it('refuses a subcategory that is not in the category', async () => {
    const service = new ClassifierService(db.dataSource, 0.5);
    await expect(
      service.recordCorrection({ text: '楼道堆物', category: 'dirty', subcategory: 'stairwell_clutter' }),
    ).rejects.toMatchObject({ code: 'validation_failed' });
  });
});
