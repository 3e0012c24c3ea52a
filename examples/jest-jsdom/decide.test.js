// Jest's jsdom environment, as a front-end app's tests run: a page's globals (document), and neither fetch's
// Response nor TextEncoder. The package loads the browser entry there; pass the policy files (jsdom cannot
// fetch them), read as an app's test reads fixtures. The edge entry works the same way.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createSharingPolicy, InvalidRequestError } from '@msefnhst/privacy-notice';
import { createSharingPolicy as createEdgePolicy } from '@msefnhst/privacy-notice/edge';

const require = createRequire(import.meta.url);
const wasm = await readFile(require.resolve('@msefnhst/privacy-notice/policy.wasm'));
const data = JSON.parse(await readFile(require.resolve('@msefnhst/privacy-notice/data.json'), 'utf8'));

test('runs in a page-like environment', () => {
  expect(typeof document).toBe('object');
});

test('marketing is never shared, by either entry', async () => {
  for (const create of [createSharingPolicy, createEdgePolicy]) {
    const policy = await create({ wasm, data });
    expect(policy.decide({ recipient: 'gp', purpose: 'marketing', information: ['care-record'], consent: 'given' }).outcome).toBe('do-not-share');
    const { entry } = policy.decideLogged({ recipient: 'care-team', purpose: 'individual-care', information: ['care-record'], consent: 'given' });
    expect(entry.input_sha256).toMatch(/^[0-9a-f]{64}$/);
  }
});

test('a request the notice does not know is refused, not decided', async () => {
  const policy = await createSharingPolicy({ wasm, data });
  expect(() => policy.decide({ recipient: 'insurer', purpose: 'individual-care', information: ['care-record'], consent: 'given' })).toThrow(InvalidRequestError);
});
