// The run's configuration: notice.config.yaml at the root (checked against its schema, positions in errors),
// and the scenario files named on the command line. Node-only.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { Severity } from '../content/messages.ts';
import { locate, nearestBranchErrors, parseSource, schemaMessage } from '../content/yaml-source.ts';
import { ruleSettingProblems, type RuleSetting } from './rules.ts';

export interface ValidateConfig {
  /** Severity of an Article 13/14 item the notice does not cover. */
  completeness: { severity: Severity };
  /** A section whose grade is above `maxGrade` gets a message of `severity`. */
  readability: { metric: 'flesch-kincaid' | 'smog'; maxGrade: number; severity: Severity };
  /** How many requests of the generated space the Go evaluator checks besides the scenarios (at least 100: it cannot be turned off). */
  engines: { sample: number };
  /** Rules turned off, or given another severity (scripts/validator/rules.ts; locked rules stay errors). */
  rules: Record<string, RuleSetting>;
}

export const defaultConfig: ValidateConfig = {
  completeness: { severity: 'warning' },
  readability: { metric: 'flesch-kincaid', maxGrade: 9, severity: 'warning' },
  engines: { sample: 2000 },
  rules: {},
};

import { ConfigError } from '../tools/config-error.ts';

export { ConfigError };

const configSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    completeness: { type: 'object', additionalProperties: false, properties: { severity: { enum: ['warning', 'error'] } } },
    readability: {
      type: 'object',
      additionalProperties: false,
      properties: { metric: { enum: ['flesch-kincaid', 'smog'] }, maxGrade: { type: 'number', minimum: 0 }, severity: { enum: ['warning', 'error'] } },
    },
    engines: { type: 'object', additionalProperties: false, properties: { sample: { type: 'integer', minimum: 100 } } },
    rules: { type: 'object', additionalProperties: { enum: ['off', 'warning', 'error'] } },
  },
};

/** Reads notice.config.yaml at the root, when there is one. Throws ConfigError naming file:line:col. */
export async function readConfig(root: string): Promise<ValidateConfig> {
  const path = join(root, 'notice.config.yaml');
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return defaultConfig;
  const source = parseSource({ path: relative(root, path), text });
  if ('message' in source) throw new ConfigError(`${source.message.file}:${source.message.line}:${source.message.column}  ${source.message.reason}`);
  const value = (source.doc.toJS() ?? {}) as Partial<ValidateConfig>;
  const validate = new Ajv2020({ allErrors: true }).compile(configSchema);
  if (!validate(value)) {
    const lines = nearestBranchErrors(validate.errors ?? []).map((e) => schemaMessage(relative(root, path), source.doc, source.lines, e));
    throw new ConfigError(lines.map((m) => `${m.file}:${m.line}:${m.column}  ${m.reason}${m.expected ? `, expected ${m.expected}` : ''}`).join('\n'));
  }
  const ruleProblems = ruleSettingProblems(value.rules ?? {});
  if (ruleProblems.length > 0) {
    throw new ConfigError(ruleProblems.map((problem) => {
      const id = problem.slice('rules.'.length, problem.indexOf(':'));
      const at = locate(relative(root, path), source.doc, source.lines, ['rules'], id);
      return `${at.file}:${at.line}:${at.column}  ${problem}`;
    }).join('\n'));
  }
  return {
    rules: value.rules ?? {},
    completeness: { ...defaultConfig.completeness, ...value.completeness },
    readability: { ...defaultConfig.readability, ...value.readability },
    engines: { ...defaultConfig.engines, ...value.engines },
  };
}

/** The scenario files named by `paths` (files, or folders searched for *.yaml), relative to `root`. */
export async function scenarioFiles(root: string, paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const absolute = resolve(root, path);
    const info = await lstat(absolute).catch(() => undefined);
    if (!info) throw new ConfigError(`No such scenario file or folder: ${path}`);
    if (info.isSymbolicLink()) throw new ConfigError(`${path} is a symbolic link: scenario files and folders must be kept in the repository itself`);
    if (info.isDirectory()) {
      const entries = await readdir(absolute, { recursive: true, withFileTypes: true });
      const linked = entries.find((e) => e.isSymbolicLink());
      if (linked) throw new ConfigError(`${relative(root, join(linked.parentPath, linked.name))} is a symbolic link: scenario files and folders must be kept in the repository itself`);
      const found = entries.filter((e) => e.isFile() && /\.ya?ml$/.test(e.name)).map((e) => join(e.parentPath, e.name));
      if (found.length === 0) throw new ConfigError(`No scenarios found: ${path} holds no .yaml files`);
      files.push(...found);
    } else files.push(absolute);
  }
  return [...new Set(files)].sort();
}

