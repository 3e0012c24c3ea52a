// Scenario files (test/scenarios/**/*.yaml): declarative cases, each a request and what the notice says
// should happen. Loads them with positions and checks them against the scenario schema, the request
// schema and the content's ids. Browser-safe: takes text and schemas.
import { closest } from './suggest.ts';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Location, NoticeMessage } from './messages.ts';
import { compareMessages } from './messages.ts';
import type { PolicyData } from '../../policy/runtime/policy-data.ts';
import { replacement } from '../../policy/runtime/problems.ts';
import { locate, nearestBranchErrors, parseSource, pointerToPath, schemaMessage, type SourceFile } from './yaml-source.ts';

export type Expectation =
  | { outcome: 'share' | 'share-minimum' | 'do-not-share' | 'refer'; reasons?: string[]; obligations?: string[]; information?: string[] }
  | { rejected: true };

export interface Scenario extends Location {
  id: string;
  title: string;
  request: unknown;
  expect: Expectation;
  /** Whether the request matches the request schema. */
  valid: boolean;
}

export interface ScenarioLoad {
  scenarios: Scenario[];
  /**
   * Scenarios not run because they do not match the scenario schema (the others of their file still run),
   * and the scenarios of files that do not load at all (each such file's scenarios counted where they can
   * be, else one).
   */
  unread: number;
  messages: NoticeMessage[];
}

/**
 * `schemas` holds the scenario schema and the definitions it refers to; `requestSchema` is the request
 * schema with the content's ids filled in; `data` gives the clause and obligation ids an expectation
 * may name.
 */
export function loadScenarios(files: readonly SourceFile[], schemas: Record<string, object>, requestSchema: object, data: PolicyData): ScenarioLoad {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  for (const [id, schema] of Object.entries(schemas)) if (id !== 'request.schema.json' && !ajv.getSchema(id)) ajv.addSchema(schema, id);
  const validateFile = ajv.getSchema('scenario.schema.json');
  if (!validateFile) throw new Error('No scenario.schema.json was given to loadScenarios');
  const validateRequest = ajv.compile({ ...requestSchema, $id: 'enumerated-request.schema.json' });

  const scenarios: Scenario[] = [];
  const messages: NoticeMessage[] = [];
  let unread = 0;
  const seen = new Map<string, Location>();
  for (const file of files) {
    const source = parseSource(file);
    if ('message' in source) {
      messages.push(source.message);
      unread++;
      continue;
    }
    const { doc, lines } = source;
    const value = doc.toJS() as { scenarios: Omit<Scenario, keyof Location | 'valid'>[] };
    // A scenario that does not match the schema is not run; the others of its file are, unless the file
    // itself is wrong (not a list of scenarios).
    const broken = new Set<number>();
    let fileBroken = false;
    if (!validateFile(value)) {
      for (const error of nearestBranchErrors(validateFile.errors ?? [])) {
        messages.push(schemaMessage(file.path, doc, lines, error));
        const item = /^\/scenarios\/(\d+)(?:\/|$)/.exec(error.instancePath);
        if (item) broken.add(Number(item[1]));
        else fileBroken = true;
      }
    }
    if (fileBroken || !Array.isArray(value?.scenarios)) {
      unread += Array.isArray(value?.scenarios) ? value.scenarios.length : 1;
      continue;
    }
    unread += broken.size;
    value.scenarios.forEach((scenario, i) => {
      if (broken.has(i)) return;
      const where = locate(file.path, doc, lines, ['scenarios', i, 'id']);
      const first = seen.get(scenario.id);
      if (first) {
        messages.push({ ...where, ruleId: 'duplicate-id', severity: 'error', reason: `Unexpected duplicate scenario id \`${scenario.id}\``, expected: 'unique ids', cause: first });
      } else seen.set(scenario.id, where);

      const valid = validateRequest(scenario.request) as boolean;
      if (!valid && !('rejected' in scenario.expect)) {
        for (const error of validateRequest.errors ?? []) {
          const path = ['scenarios', i, 'request', ...pointerToPath(error.instancePath)];
          // A field of an earlier request shape (a claim's `confirmed`) is told what replaced it, as the runtime tells apps.
          const replaced = error.keyword === 'additionalProperties' ? replacement(error.instancePath, String((error.params as { additionalProperty: string }).additionalProperty), pointerToPath(error.instancePath).reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], scenario.request)) : undefined;
          const message = replaced ? { expected: replaced } : schemaMessage(file.path, doc, lines, { ...error, instancePath: '' });
          const at = locate(file.path, doc, lines, path, error.keyword === 'additionalProperties' ? String((error.params as { additionalProperty: string }).additionalProperty) : undefined);
          const field = error.instancePath ? `\`${pointerToPath(error.instancePath).join('.')}\`` : 'the request';
          messages.push({
            ...at,
            ruleId: 'scenario-request',
            severity: 'error',
            reason: `Invalid request in scenario \`${scenario.id}\`: ${field} ${error.keyword === 'enum' ? 'is not an id the notice lists' : (error.message ?? 'is invalid')}`,
            ...(message.expected ? { expected: message.expected } : {}),
            ...(error.keyword === 'enum' ? { actual: JSON.stringify(doc.getIn(path)) } : {}),
          });
        }
      }
      if ('outcome' in scenario.expect) {
        const check = (key: 'reasons' | 'obligations' | 'information', known: Record<string, unknown>, noun: string) => {
          (scenario.expect as { reasons?: string[]; obligations?: string[]; information?: string[] })[key]?.forEach((id, j) => {
            if (!(id in known)) {
              const meant = closest(id, Object.keys(known));
              messages.push({
                ...locate(file.path, doc, lines, ['scenarios', i, 'expect', key, j]),
                ruleId: 'unknown-reference', severity: 'error',
                reason: `Unknown ${noun} \`${id}\` in scenario \`${scenario.id}\``,
                expected: meant ? `\`${meant}\`, the nearest id of ${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun} that exists` : `the id of ${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun} that exists`,
              });
            }
          });
        };
        check('reasons', data.notice.clauses, 'clause');
        check('obligations', data.notice.obligations, 'obligation');
        check('information', data.notice.information, 'kind of information');
      }
      scenarios.push({ ...scenario, ...where, valid });
    });
  }
  messages.sort(compareMessages);
  return { scenarios, messages, unread };
}
