// The checker, in the reader's browser: the form becomes a sharing request, the policy.wasm published with
// the site decides it, and the answer is shown with the clauses behind it. No request leaves the device
// except fetching the policy itself from this site.
import type { Decision, Explanation, SharingPolicy, SharingRequest } from '../../policy/runtime/browser.ts';

const answers: Record<Decision['outcome'], string> = {
  share: 'Yes, it can be shared',
  'share-minimum': 'Yes, but only the information needed for this purpose',
  'do-not-share': 'No, it cannot be shared',
  refer: 'A person must decide: the Caldicott Guardian or the information governance team',
};

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`#${id} is missing`);
  return found as T;
}

function requestFrom(form: HTMLFormElement): SharingRequest {
  const data = new FormData(form);
  // A question left out for this recipient is answered no: it cannot change the answer for them.
  const checked = (name: string) => !document.getElementById(`question-${name}`)?.hidden && data.get(name) === 'yes';
  const request: Record<string, unknown> = {
    recipient: String(data.get('recipient')),
    purpose: String(data.get('purpose')),
    information: data.getAll('information').map(String),
    consent: String(data.get('consent')),
    // A circumstance is claimed once, and its confirmation is asked only then (and read only then).
    circumstances: data.getAll('circumstance').map(String).map((id) => (data.get(`confirmed-${id}`) === 'yes' ? { id, confirmed: true } : { id })),
    opt_outs: { national_data_opt_out: checked('national_data_opt_out'), shared_care_record: checked('shared_care_record') },
    necessary_for_care: checked('necessary_for_care'),
    sharing_agreement: checked('sharing_agreement'),
    processor_disclosed: checked('processor_disclosed'),
  };
  return request as unknown as SharingRequest;
}

function list(heading: string, items: { html: Node }[]): DocumentFragment {
  const fragment = document.createDocumentFragment();
  if (items.length === 0) return fragment;
  const h3 = document.createElement('h3');
  h3.textContent = heading;
  const ul = document.createElement('ul');
  for (const item of items) {
    const li = document.createElement('li');
    li.append(item.html);
    ul.append(li);
  }
  fragment.append(h3, ul);
  return fragment;
}

/** A change of a fact in the form's own words: "If the patient's consent were “They said yes”". */
function changeWords(change: Explanation['alternatives'][number]['change']): string {
  const label = (id: string) => `\u201c${document.querySelector(`label[for="${CSS.escape(id)}"]`)?.textContent?.trim() ?? id}\u201d`;
  if (change.fact === 'consent') return `If the patient\u2019s consent were ${label(`consent-${change.value}`)}`;
  if (change.fact === 'confirmed') return `If ${label(`circumstance-${change.circumstance}`)} were confirmed`;
  const question = document.querySelector(`#question-${CSS.escape(change.fact)} legend`)?.textContent?.trim() ?? change.fact;
  return `If the answer to \u201c${question}\u201d were \u201c${change.value ? 'Yes' : 'No'}\u201d`;
}

function show({ decision, alternatives }: Explanation): void {
  const result = element('result');
  result.dataset.outcome = decision.outcome;
  element('result-heading').textContent = answers[decision.outcome];
  element('result-reasons').replaceChildren(
    list(
      'Why',
      decision.reasons.map((reason) => {
        const link = document.createElement('a');
        link.href = `/#${reason.clause}`;
        link.dataset.clause = reason.clause;
        link.textContent = reason.text;
        return { html: link };
      }),
    ),
  );
  element('result-obligations').replaceChildren(
    list(
      'What must happen',
      decision.obligations.map((obligation) => {
        const span = document.createElement('span');
        span.dataset.obligation = obligation.id;
        span.textContent = obligation.text;
        return { html: span };
      }),
    ),
  );
  // What would change the answer: worked out by the policy, one change of the facts at a time.
  const alternativesShown = element('result-alternatives');
  if (alternatives.length === 0) {
    const none = document.createElement('p');
    none.textContent = 'No single change of consent, agreements, opt-outs or confirming a circumstance would change this answer.';
    const heading = document.createElement('h3');
    heading.textContent = 'What would change the answer';
    alternativesShown.replaceChildren(heading, none);
  } else {
    alternativesShown.replaceChildren(
      list(
        'What would change the answer',
        alternatives.map((alternative) => {
          const item = document.createElement('span');
          const span = document.createElement('span');
          span.dataset.outcome = alternative.outcome;
          span.textContent = `${changeWords(alternative.change)}: ${answers[alternative.outcome]}`;
          item.append(span);
          // Why it would be so: the clauses that would decide, linked as the answer's own reasons are.
          if (alternative.reasons.length > 0) {
            const because = document.createElement('ul');
            for (const reason of alternative.reasons) {
              const li = document.createElement('li');
              const link = document.createElement('a');
              link.href = `/#${reason.clause}`;
              link.textContent = reason.text;
              li.append(link);
              because.append(li);
            }
            item.append(because);
          }
          return { html: item };
        }),
      ),
    );
  }
  result.hidden = false;
  element('result-heading').focus();
}

function showProblem(message: string): void {
  const result = element('result');
  result.dataset.outcome = 'error';
  element('result-heading').textContent = message;
  element('result-reasons').replaceChildren();
  element('result-obligations').replaceChildren();
  element('result-alternatives').replaceChildren();
  result.hidden = false;
  element('result-heading').focus();
}

export function start(): void {
  const form = element<HTMLFormElement>('checker');
  // The form is hidden in the page as served, so that without JavaScript nothing can be submitted to the
  // host; here it is shown, and what is chosen stays on this device.
  form.hidden = false;
  // A circumstance's confirmation question appears only once the circumstance is chosen (NHS.UK's
  // conditional question pattern).
  // A question about a fact appears only for the kinds of recipient it matters for.
  const recipient = element<HTMLSelectElement>('recipient');
  const askFor = () => {
    const kind = recipient.selectedOptions[0]?.dataset.kind ?? '';
    for (const question of form.querySelectorAll<HTMLElement>('[data-asked-for]')) question.hidden = !(question.dataset.askedFor ?? '').split(' ').includes(kind);
  };
  recipient.addEventListener('change', askFor);
  askFor();
  for (const claim of form.querySelectorAll<HTMLInputElement>('input[name="circumstance"][aria-controls]')) {
    const conditional = element(`conditional-${claim.value}`);
    const reveal = () => {
      conditional.hidden = !claim.checked;
      conditional.classList.toggle('nhsuk-checkboxes__conditional--hidden', !claim.checked);
      claim.setAttribute('aria-expanded', String(claim.checked));
    };
    claim.addEventListener('change', reveal);
    reveal();
  }
  let policy: Promise<SharingPolicy> | undefined;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    // The runtime and the policy load on the first question, so the page itself stays light.
    const runtime = import('../../policy/runtime/browser.ts');
    policy ??= runtime.then(({ loadSharingPolicy }) => loadSharingPolicy({ wasm: '/downloads/policy.wasm', data: '/downloads/data.json' }));
    Promise.all([runtime, policy])
      .then(([, loaded]) => show(loaded.explain(requestFrom(form))))
      .catch(async (error: unknown) => {
        const { InvalidRequestError } = await runtime;
        if (error instanceof InvalidRequestError) showProblem('Choose at least one kind of information.');
        else showProblem('The checker could not load. The rules are explained below.');
      });
  });
}
