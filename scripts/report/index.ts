// Reporters: the same report worded for people (pretty), programs (json), CI test tabs (junit), GitHub
// workflow annotations (github) and a pull-request comment (markdown). One file per format; the words they
// share are in words.ts.
import type { ValidateReport } from '../validator/report.ts';
import { reportGithub } from './github.ts';
import { reportJson } from './json.ts';
import { reportJunit } from './junit.ts';
import { reportMarkdown } from './markdown.ts';
import { reportPretty } from './pretty.ts';

export { formatLine, formatPretty, reportPretty } from './pretty.ts';
export { counts, decisionWords, fieldWords, impactLines, proofLines } from './words.ts';
export { reportGithub, reportJson, reportJunit, reportMarkdown };

export type Format = 'pretty' | 'json' | 'junit' | 'github' | 'markdown';
export const formats: readonly Format[] = ['pretty', 'json', 'junit', 'github', 'markdown'];

export function render(report: ValidateReport, format: Format, colour = false): string {
  switch (format) {
    case 'json': return reportJson(report);
    case 'junit': return reportJunit(report);
    case 'github': return reportGithub(report);
    case 'markdown': return reportMarkdown(report);
    default: return reportPretty(report, colour);
  }
}
