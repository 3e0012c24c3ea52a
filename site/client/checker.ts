// The checker, in the reader's browser: the form becomes a sharing request, the policy.wasm published with
// the site decides it, and the answer is shown with the clauses behind it. No request leaves the device
// except fetching the policy itself from this site.
// What is shown is what is sent: a question hidden (not asked for this recipient, or where a circumstance
// not chosen stands) is never read, and whenever the form is shown again (back, forward, restored
// answers) the questions shown are worked out again from the answers it holds.
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

/** The questions currently asked: in the form, and neither they nor a group around them hidden. */
function asked(form: HTMLFormElement): HTMLElement[] {
  return [...form.querySelectorAll<HTMLElement>('.nhsuk-form-group[id^="question-"]')].filter((question) => !question.closest('[hidden]'));
}

function chosen(form: HTMLFormElement, name: string): string | undefined {
  return form.querySelector<HTMLInputElement>(`input[name="${CSS.escape(name)}"]:checked`)?.value;
}

function isAsked(form: HTMLFormElement, name: string): boolean {
  return asked(form).some((question) => question.id === `question-${name}`);
}

function requestFrom(form: HTMLFormElement): SharingRequest {
  const yes = (name: string) => isAsked(form, name) && chosen(form, name) === 'yes';
  // Each claim with where a person's judgement of it stands (waiting, confirmed or rejected), asked of each
  // claim once it is chosen.
  const circumstances = [...form.querySelectorAll<HTMLInputElement>('input[name="circumstance"]:checked')].map(({ value: id }) => {
    const status = isAsked(form, `status-${id}`) ? chosen(form, `status-${id}`) : undefined;
    return status ? { id, status } : { id };
  });
  const request: Record<string, unknown> = {
    recipient: chosen(form, 'recipient'),
    purpose: chosen(form, 'purpose'),
    information: [...form.querySelectorAll<HTMLInputElement>('input[name="information"]:checked')].map((input) => input.value),
    consent: chosen(form, 'consent'),
    circumstances,
    opt_outs: { national_data_opt_out: yes('national_data_opt_out'), shared_care_record: yes('shared_care_record') },
    necessary_for_care: yes('necessary_for_care'),
    sharing_agreement: yes('sharing_agreement'),
    processor_disclosed: yes('processor_disclosed'),
  };
  return request as unknown as SharingRequest;
}

/** Shows each question that depends on another only when it matters, from the answers the form holds. */
function showWhatIsAsked(form: HTMLFormElement): void {
  const kind = form.querySelector<HTMLInputElement>('input[name="recipient"]:checked')?.dataset.kind;
  for (const question of form.querySelectorAll<HTMLElement>('[data-asked-for]')) {
    question.hidden = kind === undefined || !(question.dataset.askedFor ?? '').split(' ').includes(kind);
  }
  for (const claim of form.querySelectorAll<HTMLInputElement>('input[name="circumstance"][aria-controls]')) {
    const conditional = element(claim.getAttribute('aria-controls')!);
    conditional.hidden = !claim.checked;
    conditional.classList.toggle('nhsuk-checkboxes__conditional--hidden', !claim.checked);
    claim.setAttribute('aria-expanded', String(claim.checked));
  }
}

/** The questions asked and left unanswered, each with its message (NHS.UK's error summary pattern). */
function unanswered(form: HTMLFormElement): { question: HTMLElement; message: string; target: string }[] {
  return asked(form).flatMap((question) => {
    const inputs = [...question.querySelectorAll<HTMLInputElement>(':scope > fieldset > div > div > input')];
    const message = question.dataset.error;
    if (!message || inputs.length === 0 || inputs.some((input) => input.checked)) return [];
    return [{ question, message, target: inputs[0]!.id }];
  });
}

function showErrors(form: HTMLFormElement, errors: ReturnType<typeof unanswered>, focus = true): void {
  const failed = new Set(errors.map((error) => error.question));
  // Each question's group, its message and what its fieldset is described by (its hint, then its error).
  for (const question of form.querySelectorAll<HTMLElement>('.nhsuk-form-group[id^="question-"]')) {
    const name = question.id.slice('question-'.length);
    const message = document.getElementById(`error-${name}`);
    question.classList.toggle('nhsuk-form-group--error', failed.has(question));
    if (message) message.hidden = !failed.has(question);
    const described = [document.getElementById(`hint-${name}`)?.id, failed.has(question) ? message?.id : undefined].filter(Boolean).join(' ');
    const fieldset = question.querySelector(':scope > fieldset')!;
    if (described) fieldset.setAttribute('aria-describedby', described);
    else fieldset.removeAttribute('aria-describedby');
  }
  const summary = element('error-summary');
  summary.hidden = errors.length === 0;
  element('error-summary-list').replaceChildren(
    ...errors.map(({ message, target }) => {
      const li = document.createElement('li');
      const link = document.createElement('a');
      link.href = `#${target}`;
      link.textContent = message;
      link.addEventListener('click', (event) => {
        event.preventDefault();
        element(target).focus();
      });
      li.append(link);
      return li;
    }),
  );
  // NHS.UK: the page's title starts "Error: " while there are errors.
  document.title = `${errors.length > 0 ? 'Error: ' : ''}${document.title.replace(/^Error: /, '')}`;
  if (errors.length > 0 && focus) summary.focus();
}

function reasonLinks(reasons: Decision['reasons'], marked: boolean): HTMLUListElement {
  const ul = document.createElement('ul');
  for (const reason of reasons) {
    const li = document.createElement('li');
    const link = document.createElement('a');
    link.href = `/#${reason.clause}`;
    if (marked) link.dataset.clause = reason.clause;
    link.textContent = reason.text;
    li.append(link);
    ul.append(li);
  }
  return ul;
}

function section(heading: string, ...content: Node[]): Node[] {
  const h3 = document.createElement('h3');
  h3.textContent = heading;
  return [h3, ...content];
}

/** A change of a fact in the form's own words: "If the patient's consent were “They said yes”". */
function changeWords(change: Explanation['alternatives'][number]['change']): string {
  const label = (id: string) => `\u201c${document.querySelector(`label[for="${CSS.escape(id)}"]`)?.textContent?.trim() ?? id}\u201d`;
  if (change.fact === 'consent') return `If the patient\u2019s consent were ${label(`consent-${change.value}`)}`;
  if (change.fact === 'status') return `If ${label(`circumstance-${change.circumstance}`)} were confirmed`;
  const question = document.querySelector(`#question-${CSS.escape(change.fact)} legend`)?.textContent?.trim() ?? change.fact;
  return `If the answer to \u201c${question}\u201d were \u201c${change.value ? 'Yes' : 'No'}\u201d`;
}

function show({ decision, alternatives }: Explanation): void {
  const result = element('result');
  result.dataset.outcome = decision.outcome;
  element('result-heading').textContent = answers[decision.outcome];
  element('result-problem').hidden = true;
  element('result-reasons').replaceChildren(...(decision.reasons.length ? section('Why', reasonLinks(decision.reasons, true)) : []));
  const obligations = document.createElement('ul');
  for (const obligation of decision.obligations) {
    const li = document.createElement('li');
    li.dataset.obligation = obligation.id;
    li.textContent = obligation.text;
    obligations.append(li);
  }
  element('result-obligations').replaceChildren(...(decision.obligations.length ? section('What must happen', obligations) : []));
  // What would change the answer: worked out by the policy, one change of the facts at a time, each with the
  // clauses that would then decide.
  if (alternatives.length === 0) {
    const none = document.createElement('p');
    none.textContent = 'No single change of consent, agreements, opt-outs or confirming a circumstance would change this answer.';
    element('result-alternatives').replaceChildren(...section('What would change the answer', none));
  } else {
    const list = document.createElement('ul');
    for (const alternative of alternatives) {
      const li = document.createElement('li');
      const said = document.createElement('p');
      said.dataset.outcome = alternative.outcome;
      said.textContent = `${changeWords(alternative.change)}: ${answers[alternative.outcome]}`;
      li.append(said);
      if (alternative.reasons.length > 0) li.append(reasonLinks(alternative.reasons, false));
      list.append(li);
    }
    element('result-alternatives').replaceChildren(...section('What would change the answer', list));
  }
  result.hidden = false;
  element('result-heading').focus();
}

/** No answer: a short heading, and what went wrong and what to do in a paragraph under it. */
function showProblem(message: string): void {
  const result = element('result');
  result.dataset.outcome = 'error';
  element('result-heading').textContent = 'The checker could not give an answer';
  const problem = element('result-problem');
  problem.textContent = message;
  problem.hidden = false;
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
  element('checker-unavailable').hidden = true;
  showWhatIsAsked(form);
  // Answers the browser puts back (back and forward) come after this script ran: work the questions out again.
  window.addEventListener('pageshow', () => showWhatIsAsked(form));
  // An answer shown is for the answers given: any change takes it away until Check is pressed again (an
  // answer still loading is then not shown at all), and takes away the errors it answers or hides.
  let changes = 0;
  let errors: ReturnType<typeof unanswered> = [];
  const checking = element('checking');
  form.addEventListener('change', () => {
    changes++;
    showWhatIsAsked(form);
    // Said in the status region, so that a screen reader hears that the answer went away.
    const result = element('result');
    if (!result.hidden) checking.textContent = 'The answer was taken away because an answer changed. Press Check for a new answer.';
    result.hidden = true;
    if (errors.length > 0) {
      const still = new Set(unanswered(form).map((error) => error.question));
      errors = errors.filter((error) => still.has(error.question));
      showErrors(form, errors, false);
    }
  });
  let policy: Promise<SharingPolicy> | undefined;
  let loaded = false;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    showWhatIsAsked(form);
    errors = unanswered(form);
    showErrors(form, errors);
    checking.textContent = '';
    if (errors.length > 0) {
      element('result').hidden = true;
      return;
    }
    // The answers as they are now are what is decided. Until the policy has loaded (the first Check), the
    // page says it is working.
    const request = requestFrom(form);
    const asOf = changes;
    checking.textContent = loaded ? '' : 'Loading the trust\u2019s rules to work out the answer\u2026';
    // The runtime and the policy load on the first question, so the page itself stays light; a load that
    // failed (offline, say) is tried again on the next Check.
    policy ??= import('../../policy/runtime/browser.ts').then(({ loadSharingPolicy }) => loadSharingPolicy({ wasm: '/downloads/policy.wasm', data: '/downloads/data.json' }));
    policy.then(
      (ready) => {
        loaded = true;
        checking.textContent = '';
        if (asOf !== changes) return;
        try {
          show(ready.explain(request));
        } catch {
          showProblem('The answers do not make a request the notice can decide.');
        }
      },
      () => {
        policy = undefined;
        checking.textContent = '';
        if (asOf !== changes) return;
        showProblem('The checker could not load the trust\u2019s rules: there may be no connection, or the files did not match those published. Press Check to try again; the rules are explained below.');
      },
    );
  });
}
