// The request schema compiled to Rego gives ajv's answer, for a schema with every form the compiler
// writes (the notice's own schema uses only some of them: no required boolean, no object member with a
// required field), checked with the real OPA on requests broken in each way.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evalWithInput, repoRoot, runTool } from '../tools/opa.ts';
import { malformedRego } from './request-rego.ts';
import { requestShape } from './request-schema.ts';

const schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  additionalProperties: false,
  required: ['urgent', 'colour', 'parts'],
  properties: {
    urgent: { type: 'boolean' },
    colour: { $ref: '#/$defs/colour' },
    shade: { enum: ['light', 'dark'] },
    parts: {
      type: 'array',
      minItems: 2,
      maxItems: 3,
      uniqueItems: true,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['fixed', 'name'],
        properties: { fixed: { type: 'boolean' }, name: { enum: ['a', 'b', 'c', 'd'] }, note: { enum: ['x'] } },
      },
    },
    tags: { type: 'array', items: { enum: ['t1', 't2'] } },
    'extra-facts': {
      type: 'object',
      additionalProperties: false,
      required: ['seen'],
      properties: { seen: { type: 'boolean' }, by: { enum: ['nurse', 'doctor'] } },
    },
  },
  $defs: { colour: { type: 'string', enum: ['red', 'green'] } },
};

const good = { urgent: false, colour: 'red', parts: [{ fixed: true, name: 'a' }, { fixed: false, name: 'b', note: 'x' }] };
const requests: unknown[] = [
  good,
  { ...good, shade: 'dark', tags: [], 'extra-facts': { seen: false, by: 'nurse' } },
  // (tags may repeat: no uniqueItems.)
  { ...good, tags: ['t1', 't1', 't2'] },
  null, [], 'good', 1,
  (({ urgent: _u, ...rest }) => rest)(good),
  (({ colour: _c, ...rest }) => rest)(good),
  (({ parts: _p, ...rest }) => rest)(good),
  { ...good, urgent: 'false' }, { ...good, urgent: null }, { ...good, colour: 'Red' }, { ...good, colour: ['red'] },
  { ...good, shade: true }, { ...good, other: 1 },
  { ...good, parts: [good.parts[0]] },
  { ...good, parts: [...good.parts, { fixed: true, name: 'c' }, { fixed: true, name: 'd' }] },
  { ...good, parts: [good.parts[0], good.parts[0]] },
  { ...good, parts: { a: good.parts[0], b: good.parts[1] } },
  { ...good, parts: 5 },
  { ...good, parts: [good.parts[0], 'b'] },
  { ...good, parts: [good.parts[0], { name: 'b' }] },
  { ...good, parts: [good.parts[0], { fixed: false }] },
  { ...good, parts: [good.parts[0], { fixed: 'no', name: 'b' }] },
  { ...good, parts: [good.parts[0], { fixed: false, name: 'b', note: 'y' }] },
  { ...good, parts: [good.parts[0], { fixed: false, name: 'b', more: 1 }] },
  { ...good, tags: 't1' }, { ...good, tags: ['t3'] }, { ...good, tags: [1] },
  { ...good, 'extra-facts': [] }, { ...good, 'extra-facts': {} }, { ...good, 'extra-facts': { seen: 1 } },
  { ...good, 'extra-facts': { seen: true, by: 'porter' } }, { ...good, 'extra-facts': { seen: true, when: 'now' } },
];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'notice-request-rego-'));
  const shape = requestShape(schema as never);
  await writeFile(join(dir, 'malformed.rego'), malformedRego(shape));
  // The hand-written part of the package the module calls (_has) and problems, as the policy has them.
  await writeFile(join(dir, 'wellformed.rego'), await readFile(join(repoRoot, 'policy', 'sharing', 'wellformed', 'wellformed.rego'), 'utf8'));
  await writeFile(join(dir, 'data.json'), JSON.stringify({ notice: { request: shape } }));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the request schema compiled to Rego', () => {
  it('is formatted and compiles strictly', () => {
    const fmt = runTool('opa', ['fmt', '--list', '--fail', join(dir, 'malformed.rego')]);
    expect(fmt.stdout + fmt.stderr).toBe('');
    const check = runTool('opa', ['check', '--strict', dir]);
    expect(check.stdout + check.stderr).toBe('');
  });

  it("finds a request malformed exactly where ajv rejects it, and problems then says where", async () => {
    const validate = new Ajv2020({ strict: true }).compile(schema);
    const answers = (await evalWithInput(
      ['--data', dir],
      requests,
      'answers := [[malformed, problems] | some request in input; malformed := count([1 | data.sharing.wellformed.malformed(request)]) > 0; problems := count(data.sharing.wellformed.problems(request))]',
    )) as { result: { bindings: { answers: [boolean, number][] } }[] };
    const expected = requests.map((request) => [!validate(request), !validate(request)]);
    const actual = answers.result[0]!.bindings.answers.map(([malformed, problems]) => [malformed, problems > 0]);
    expect(actual).toEqual(expected);
    expect(expected.filter(([bad]) => !bad)).toHaveLength(3);
  });
});
