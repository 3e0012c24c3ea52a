import { loadSharingPolicy } from '@msefnhst/privacy-notice/edge';

const policy = await loadSharingPolicy({ wasm: new URL('./policy.wasm', import.meta.url), data: new URL('./data.json', import.meta.url) });
const decision = policy.decide({ recipient: 'gp', purpose: 'marketing', information: ['care-record'], consent: 'given' });
document.querySelector('#outcome').textContent = decision.outcome;
