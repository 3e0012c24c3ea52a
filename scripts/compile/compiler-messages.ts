// OPA's compile errors as findings: each `path.rego:12: rego_type_error: …` line (and the lines that explain
// it) at its file and line. Read by the build (a policy that does not compile) and the validator.
import { relative, resolve } from 'node:path';
import type { NoticeMessage } from '../content/messages.ts';

/** OPA's compile errors (`path.rego:12: rego_type_error: match error` and the lines that explain it) as findings at their files and lines. */
export function compilerMessages(output: string, cwd: string): NoticeMessage[] {
  const messages: NoticeMessage[] = [];
  for (const line of output.split('\n')) {
    const found = /^(?:error: \d+ errors? occurred: )?(\S+\.rego):(\d+)(?::(\d+))?: (rego_[a-z_]+): (.*)$/.exec(line.trim());
    if (found) {
      messages.push({ file: relative(cwd, resolve(cwd, found[1]!)), line: Number(found[2]), column: Number(found[3] ?? 1), ruleId: 'rego-compile', severity: 'error', reason: `The Rego does not compile: ${found[4]}: ${found[5]}` });
    } else if (messages.length > 0 && /^\s*(left|right|hint)\s*:/.test(line)) {
      messages.at(-1)!.reason += `; ${line.trim().replace(/\s+/g, ' ')}`;
    }
  }
  if (messages.length === 0 && output.trim()) messages.push({ file: 'policy/sharing', line: 1, column: 1, ruleId: 'rego-compile', severity: 'error', reason: `The Rego does not compile: ${output.trim().split('\n')[0]}` });
  return messages;
}
