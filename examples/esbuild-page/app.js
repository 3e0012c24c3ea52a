// esbuild does not follow `new URL(…, import.meta.url)`: import the policy files and pass them.
// policy.wasm with the file loader (a URL to the emitted file); data.json bundled as an object.
import { loadSharingPolicy } from '@msefnhst/privacy-notice';
import wasm from '@msefnhst/privacy-notice/policy.wasm';
import data from '@msefnhst/privacy-notice/data.json';

loadSharingPolicy({ wasm: new URL(wasm, document.baseURI), data }).then((policy) => {
  const decision = policy.decide({ recipient: 'gp', purpose: 'marketing', information: ['care-record'], consent: 'given' });
  document.querySelector('#outcome').textContent = decision.outcome;
});
