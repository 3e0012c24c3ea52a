// webpack emits policy.wasm and data.json from the package's `new URL(…, import.meta.url)`: nothing to pass.
import { loadSharingPolicy } from '@msefnhst/privacy-notice';

const policy = await loadSharingPolicy();
const decision = policy.decide({ recipient: 'gp', purpose: 'marketing', information: ['care-record'], consent: 'given' });
document.querySelector('#outcome').textContent = decision.outcome;
