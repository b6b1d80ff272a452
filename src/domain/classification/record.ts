import type { CategoryCode } from '../taxonomy';
import type { Signal } from './types';

/** What the classifier and the router decided, kept whole so staff can see why a report went where. */
export interface ClassificationRecord {
  readonly signals: readonly Signal[];
  readonly ranking: ReadonlyArray<{ category: CategoryCode; score: number }>;
  /** Set when classification or routing failed and the report was parked for a person. */
  readonly failure?: string;
  readonly routing?: { kind: string; ruleId?: number; reason?: string; resolveWithinHours?: number };
  /**
   * The subcategory the sender chose (an Open311 client's service_code), which the report took,
   * and what the classifier made of the text, so a dispatcher sees both.
   */
  readonly requested?: {
    readonly category: CategoryCode;
    readonly subcategory: string;
    readonly agrees: boolean;
    readonly classifier: { readonly category: CategoryCode; readonly subcategory: string; readonly confidence: number };
  };
}
