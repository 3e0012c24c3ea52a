// The json reporter: the report as data (content/schemas/validate-report.schema.json).
import type { ValidateReport } from '../validator/report.ts';
import { counts } from './words.ts';

export function reportJson(report: ValidateReport): string {
  const { scenarios, ...rest } = report;
  return JSON.stringify(
    {
      ...rest,
      summary: counts(report),
      scenarios: scenarios.map((s) => ({ id: s.scenario.id, title: s.scenario.title, file: s.scenario.file, line: s.scenario.line, passed: s.passed, expected: s.expected, actual: s.actual, missing: s.missing })),
    },
    null,
    2,
  );
}

