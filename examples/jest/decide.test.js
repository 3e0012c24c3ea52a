// The package is an ES module: Jest runs it in its ES module mode (node --experimental-vm-modules), with no
// transform.
import { InvalidRequestError, loadSharingPolicy } from '@msefnhst/privacy-notice';

const policy = await loadSharingPolicy();

test('marketing is never shared', () => {
  expect(policy.decide({ recipient: 'gp', purpose: 'marketing', information: ['care-record'], consent: 'given' }).outcome).toBe('do-not-share');
});

test('a request the notice does not know is refused, not decided', () => {
  expect(() => policy.decide({ recipient: 'insurer', purpose: 'individual-care', information: ['care-record'], consent: 'given' })).toThrow(InvalidRequestError);
});
