/**
 * Classifies reports without a database or a server: one report per line on stdin, one JSON
 * object per line on stdout. Routing uses the default rules in data/.
 *   printf '楼道里堆满了纸箱\n人民路有人摆摊\n' | npm run -s classify
 */
import readline from 'node:readline';
import { loadConfig } from '../src/config';
import { loadDefaultDepartments, loadDefaultRoutingRules } from '../src/db/seed/default-data';
import { trainClassifier } from '../src/domain/classification/classifier';
import { RuleForRouting, route } from '../src/domain/routing/route';
import { loadEnvFile } from '../src/env-file';
import { corpus } from '../src/services/classifier-service';

async function main(): Promise<void> {
  loadEnvFile();
  const { reviewThreshold } = loadConfig();
  const classifier = trainClassifier(corpus(), [], { reviewThreshold });
  const departments = loadDefaultDepartments();
  // Data rules name departments by code; the position in departments.json stands in for an id.
  const rules: RuleForRouting[] = loadDefaultRoutingRules().map((rule, i) => ({
    ...rule,
    id: i + 1,
    departmentId: departments.findIndex((d) => d.code === rule.department),
  }));
  const dispatch = departments.find((d) => d.isDispatchOffice) ?? departments[0];

  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const result = classifier.classify(line);
    const decision = route({ ...result, text: line, address: null }, rules);
    const department = decision.kind === 'rule' ? departments[decision.departmentId] : dispatch;
    process.stdout.write(
      `${JSON.stringify({
        category: result.category,
        subcategory: result.subcategory,
        confidence: result.confidence,
        needsReview: result.needsReview,
        department: department.name,
        departmentCode: department.code,
        resolveWithinHours: decision.resolveWithinHours,
        signals: result.signals.map((s) => s.term),
      })}\n`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
