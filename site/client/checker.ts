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

/** The fact questions, each answered Yes, No or Not sure. */
const factNames = ['necessary_for_care', 'sharing_agreement', 'processor_disclosed', 'national_data_opt_out', 'shared_care_record'] as const;

/** The fact questions asked and answered "Not sure". */
function unsure(form: HTMLFormElement): string[] {
  return factNames.filter((name) => isAsked(form, name) && chosen(form, name) === 'not-sure');
}

/** Every way the facts answered "Not sure" could be: each yes or no. */
function possibilities(names: readonly string[]): Record<string, boolean>[] {
  return names.reduce<Record<string, boolean>[]>((all, name) => all.flatMap((so) => [{ ...so, [name]: true }, { ...so, [name]: false }]), [{}]);
}

/** The request the form holds, with each fact answered "Not sure" taken as `assume` says. */
function requestFrom(form: HTMLFormElement, assume: Record<string, boolean> = {}): SharingRequest {
  const yes = (name: string) => (Object.hasOwn(assume, name) ? assume[name]! : isAsked(form, name) && chosen(form, name) === 'yes');
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
        // NHS.UK: the question's legend is scrolled into view with the field it labels, then the field focused.
        const input = element(target);
        (input.closest('fieldset')?.querySelector('legend') ?? input).scrollIntoView({ block: 'start' });
        input.focus({ preventScroll: true });
      });
      li.append(link);
      return li;
    }),
  );
  // NHS.UK: the page's title starts "Error: " while there are errors.
  document.title = `${errors.length > 0 ? 'Error: ' : ''}${document.title.replace(/^Error: /, '')}`;
  if (errors.length > 0 && focus) summary.focus();
}

/** A clause's short title: its first words (its whole words are behind it, in a details element). */
function clauseTitle(text: string): string {
  const words = text.split(/\s+/);
  return words.length > 8 ? `${words.slice(0, 8).join(' ')}\u2026` : text;
}

/** Each reason as the clause's short title, its full words behind a details element, and a link to it. */
function reasonList(reasons: Decision['reasons'], marked: boolean): HTMLUListElement {
  const ul = document.createElement('ul');
  for (const reason of reasons) {
    const li = document.createElement('li');
    const quote = document.createElement('p');
    quote.textContent = reason.text;
    const link = document.createElement('a');
    link.href = `/#${reason.clause}`;
    if (marked) link.dataset.clause = reason.clause;
    link.textContent = 'Read it in the notice';
    li.append(...folded(clauseTitle(reason.text), quote, link));
    ul.append(li);
  }
  return ul;
}

function section(heading: string, ...content: Node[]): Node[] {
  const h3 = document.createElement('h3');
  h3.textContent = heading;
  return [h3, ...content];
}

/** A section folded behind a details element, as NHS.UK's details component. */
function folded(heading: string, ...content: Node[]): Node[] {
  const details = document.createElement('details');
  details.className = 'nhsuk-details';
  const summary = document.createElement('summary');
  summary.className = 'nhsuk-details__summary';
  summary.textContent = heading;
  const text = document.createElement('div');
  text.className = 'nhsuk-details__text';
  text.append(...content);
  details.append(summary, text);
  return [details];
}

/** The names of kinds of information, from the form's own labels. */
function informationNames(ids: readonly string[]): string[] {
  return ids.map((id) => document.querySelector(`label[for="information-${CSS.escape(id)}"]`)?.textContent?.trim() ?? id);
}

function list(entries: readonly string[], mark?: (li: HTMLLIElement, i: number) => void): HTMLUListElement {
  const ul = document.createElement('ul');
  entries.forEach((text, i) => {
    const li = document.createElement('li');
    li.textContent = text;
    mark?.(li, i);
    ul.append(li);
  });
  return ul;
}

/** The questions asked and the answers given, for the printed answer. */
function answersGiven(form: HTMLFormElement): Node[] {
  const dl = document.createElement('dl');
  dl.className = 'nhsuk-summary-list';
  for (const question of asked(form)) {
    const legend = question.querySelector(':scope > fieldset > legend')?.textContent?.trim();
    const labels = [...question.querySelectorAll<HTMLInputElement>(':scope > fieldset > div > div > input:checked')].map((input) => document.querySelector(`label[for="${CSS.escape(input.id)}"]`)?.textContent?.trim() ?? input.value);
    if (!legend || labels.length === 0) continue;
    const row = document.createElement('div');
    row.className = 'nhsuk-summary-list__row';
    const dt = document.createElement('dt');
    dt.className = 'nhsuk-summary-list__key';
    dt.textContent = legend;
    const dd = document.createElement('dd');
    dd.className = 'nhsuk-summary-list__value';
    dd.textContent = labels.join(', ');
    row.append(dt, dd);
    dl.append(row);
  }
  return section('Your answers', dl);
}

/** The question a fact is asked by, as the form words it. */
const legendOf = (name: string) => document.querySelector(`#question-${CSS.escape(name)} legend`)?.textContent?.trim() ?? name;

/** A change of a fact in the form's own words: "If the patient's consent were “They said yes”". */
function changeWords(change: Explanation['alternatives'][number]['change']): string {
  const label = (id: string) => `\u201c${document.querySelector(`label[for="${CSS.escape(id)}"]`)?.textContent?.trim() ?? id}\u201d`;
  if (change.fact === 'consent') return `If the patient\u2019s consent were ${label(`consent-${change.value}`)}`;
  if (change.fact === 'status') return `If ${label(`circumstance-${change.circumstance}`)} were confirmed`;
  return `If the answer to \u201c${legendOf(change.fact)}\u201d were \u201c${change.value ? 'Yes' : 'No'}\u201d`;
}

/**
 * The answer: the outcome first, then what may go and what staff must do, then the reasons (each clause's
 * short title, its words behind it) and what would change the answer, folded.
 */
function show({ decision, alternatives }: Explanation, form: HTMLFormElement, note = ''): void {
  const result = element('result');
  result.dataset.outcome = decision.outcome;
  element('result-heading').textContent = answers[decision.outcome];
  element('result-problem').hidden = true;
  const depends = note ? [Object.assign(document.createElement('p'), { textContent: note })] : [];
  element('result-depends').replaceChildren(...depends);
  element('result-information').replaceChildren(...(decision.information.length ? section('What may be shared', list(informationNames(decision.information))) : []));
  element('result-obligations').replaceChildren(...(decision.obligations.length ? section('What you must do', list(decision.obligations.map((o) => o.text), (li, i) => { li.dataset.obligation = decision.obligations[i]!.id; })) : []));
  element('result-reasons').replaceChildren(...(decision.reasons.length ? section('Why', reasonList(decision.reasons, true)) : []));
  // What would change the answer: worked out by the policy, one change of the facts at a time, each with the
  // clauses that would then decide.
  if (alternatives.length === 0) {
    const none = document.createElement('p');
    none.textContent = 'No single change of consent, agreements, opt-outs or confirming a circumstance would change this answer.';
    element('result-alternatives').replaceChildren(...folded('What would change the answer', none));
  } else {
    const changes = document.createElement('ul');
    for (const alternative of alternatives) {
      const li = document.createElement('li');
      const said = document.createElement('p');
      said.dataset.outcome = alternative.outcome;
      said.textContent = `${changeWords(alternative.change)}: ${answers[alternative.outcome]}`;
      li.append(said);
      if (alternative.reasons.length > 0) li.append(reasonList(alternative.reasons, false));
      changes.append(li);
    }
    element('result-alternatives').replaceChildren(...folded('What would change the answer', changes));
  }
  element('result-answers').replaceChildren(...answersGiven(form));
  result.hidden = false;
  element('result-heading').focus();
}

/**
 * Facts answered "Not sure": each way they could be is decided. A fact that changes nothing, whatever the
 * others are, is said to change nothing; when the rest give one answer (its outcome, what may go and what
 * staff must do), it is shown as the answer, saying so; answers that differ are listed, each with the
 * answers that give it and what staff must then do.
 */
function showDepending(policy: SharingPolicy, form: HTMLFormElement, names: readonly string[]): void {
  const key = ({ decision }: Explanation) => JSON.stringify([decision.outcome, [...decision.information].sort(), decision.obligations.map((o) => o.id)]);
  const all = possibilities(names).map((assume) => ({ assume, explanation: policy.explain(requestFrom(form, assume)) }));
  const keyOf = (assume: Record<string, boolean>) => key(all.find((p) => names.every((n) => p.assume[n] === assume[n]))!.explanation);
  // A fact matters when changing it alone changes the answer for some answer to the others.
  const matters = names.filter((name) => all.some(({ assume, explanation }) => key(explanation) !== keyOf({ ...assume, [name]: !assume[name] })));
  const unchanged = names.filter((name) => !matters.includes(name));
  const quoted = (list: readonly string[]) => list.map((name) => `\u201c${legendOf(name)}\u201d`).join(list.length > 2 ? ', ' : ' and ');
  const sameNote = unchanged.length > 0 ? `The answer is the same whatever the answer to ${quoted(unchanged)}.` : '';
  if (matters.length === 0) {
    show(all[0]!.explanation, form, sameNote);
    return;
  }
  // The facts that do not matter are taken as they were first decided (any answer gives the same).
  const decided = possibilities(matters).map((assume) => {
    const found = all.find((p) => matters.every((n) => p.assume[n] === assume[n]))!;
    return { assume, explanation: found.explanation };
  });
  const result = element('result');
  result.dataset.outcome = 'depends';
  element('result-heading').textContent = `It depends on the answer to ${quoted(matters)}`;
  element('result-problem').hidden = true;
  const entries = decided.map(({ assume, explanation: { decision } }) => {
    const li = document.createElement('li');
    li.dataset.outcome = decision.outcome;
    const given = matters.map((name) => `${legendOf(name)} ${assume[name] ? 'Yes' : 'No'}`).join('; ');
    const going = decision.information.length ? ` (${informationNames(decision.information).join(', ')})` : '';
    li.append(`If ${given}: ${answers[decision.outcome]}${going}`);
    if (decision.obligations.length > 0) {
      const steps = list(decision.obligations.map((o) => o.text), (step, i) => { step.dataset.obligation = decision.obligations[i]!.id; });
      li.append(steps);
    }
    return li;
  });
  const listed = document.createElement('ul');
  listed.append(...entries);
  element('result-depends').replaceChildren(listed, ...(sameNote ? [Object.assign(document.createElement('p'), { textContent: sameNote })] : []));
  for (const id of ['result-information', 'result-obligations', 'result-reasons', 'result-alternatives']) element(id).replaceChildren();
  element('result-answers').replaceChildren(...answersGiven(form));
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
  for (const id of ['result-depends', 'result-information', 'result-obligations', 'result-reasons', 'result-alternatives', 'result-answers']) element(id).replaceChildren();
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
    const notSure = unsure(form);
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
          if (notSure.length > 0) showDepending(ready, form, notSure);
          else show(ready.explain(request), form);
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
