import path from 'node:path';
import type { DataSource } from 'typeorm';
import { findProjectRoot } from '../config';
import { ClassificationExample } from '../db/entities';
import { Classifier, trainClassifier } from '../domain/classification/classifier';
import { loadCorpus } from '../domain/classification/corpus';
import type { Classification, LabeledExample } from '../domain/classification/types';
import { categoryOfSubcategory, CategoryCode } from '../domain/taxonomy';
import { ValidationFailed } from '../errors';

export const CORPUS_DIR = path.join(findProjectRoot(), 'data', 'corpus');

let corpusCache: LabeledExample[] | undefined;
/** The corpus is read once per process; it only changes with a deployment. */
export function corpus(): LabeledExample[] {
  corpusCache ??= loadCorpus(CORPUS_DIR);
  return corpusCache;
}

/**
 * Holds the classifier in use and retrains it from the corpus plus the corrections staff made,
 * at start-up and after every new correction, so the same mistake is not made twice.
 */
export class ClassifierService {
  private trained: Classifier | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly reviewThreshold: number,
  ) {}

  /** Trained on first use when retrain() has not run yet (tests); the server retrains at start. */
  private get current(): Classifier {
    this.trained ??= trainClassifier(corpus(), [], { reviewThreshold: this.reviewThreshold });
    return this.trained;
  }

  classify(text: string): Classification {
    return this.current.classify(text);
  }

  get trainedOn(): number {
    return this.current.trainedOn;
  }

  async retrain(): Promise<void> {
    const corrections = await this.dataSource.getRepository(ClassificationExample).find({ order: { id: 'ASC' } });
    this.trained = trainClassifier(corpus(), corrections, { reviewThreshold: this.reviewThreshold });
  }

  /** A dispatcher's correction: kept as a labeled example, then learned from at once. */
  async recordCorrection(correction: {
    text: string;
    category: CategoryCode;
    subcategory: string;
    submissionId?: number;
    correctedById?: number;
  }): Promise<void> {
    if (categoryOfSubcategory(correction.subcategory) !== correction.category) {
      throw new ValidationFailed([
        { field: 'subcategory', rule: 'isIn', message: `${correction.subcategory} 不属于分类 ${correction.category}` },
      ]);
    }
    await this.dataSource.getRepository(ClassificationExample).insert({
      text: correction.text,
      category: correction.category,
      subcategory: correction.subcategory,
      submissionId: correction.submissionId ?? null,
      correctedById: correction.correctedById ?? null,
    });
    await this.retrain();
  }
}
