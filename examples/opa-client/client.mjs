// Asking an OPA server (or a fleet behind a load balancer) that serves the notice's bundle.
// What a client must do, because of how OPA answers:
// - A server that has not loaded the bundle yet (or whose bundle service is down at start) answers a
//   decision with HTTP 200 and `{}`: no `result`. That is not "no objection"; it is no decision. Send
//   traffic only to servers whose `GET /health?bundles=true` answers 200, and treat a missing result as
//   do-not-share.
// - Anything other than a decision in one of the four outcomes (a refused token, a body over the limit, a
//   server that cannot be reached, a result of another shape) is do-not-share too, with the cause kept
//   so the app can log it and retry later.
// client.mjs uses only `fetch`: Node 20+, browsers (from a backend, the token must stay server-side), Deno, Bun. For a
// server with a private certificate authority, Node reads it from NODE_EXTRA_CA_CERTS.

const OUTCOMES = new Set(['share', 'share-minimum', 'do-not-share', 'refer']);

/** How long a decision (or the readiness check) may take, unless the caller gives its own `timeout`, in ms. */
export const DEFAULT_TIMEOUT = 5000;

/** The most of an answer read: a decision of this notice is a few KiB, even with every problem listed. */
export const MAX_ANSWER_BYTES = 1024 * 1024;

/** The caller's signal, if any, and the timeout: whichever comes first ends the call. */
function deadline(signal, timeout = DEFAULT_TIMEOUT) {
  const timer = AbortSignal.timeout(timeout);
  return signal ? AbortSignal.any([signal, timer]) : timer;
}

/** The answer's text, or an error once it is larger than MAX_ANSWER_BYTES (a misrouted or hostile endpoint). */
async function readCapped(response) {
  const length = Number(response.headers.get('content-length'));
  if (length > MAX_ANSWER_BYTES) {
    await response.body?.cancel();
    throw new Error(`the answer is larger than ${MAX_ANSWER_BYTES} bytes`);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let read = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    read += value.byteLength;
    if (read > MAX_ANSWER_BYTES) {
      await reader.cancel();
      throw new Error(`the answer is larger than ${MAX_ANSWER_BYTES} bytes`);
    }
    text += decoder.decode(value, { stream: true });
  }
}

const isId = (value) => typeof value === 'string' && /^[a-z0-9][a-z0-9-]*$/.test(value);

/**
 * A decision of this notice: one of the four outcomes with its lists (each reason naming its clause with its
 * words, each obligation its id, each kind of information an id), information only with a share, and
 * problems only with do-not-share.
 */
function isDecision(result) {
  if (result === null || typeof result !== 'object' || Array.isArray(result) || !OUTCOMES.has(result.outcome)) return false;
  if (![result.reasons, result.obligations, result.information].every(Array.isArray)) return false;
  if (!result.reasons.every((reason) => isId(reason?.clause) && typeof reason?.text === 'string' && reason.text.trim() !== '')) return false;
  if (!result.obligations.every((obligation) => isId(obligation?.id))) return false;
  if (!result.information.every(isId)) return false;
  if (result.information.length > 0 && result.outcome !== 'share' && result.outcome !== 'share-minimum') return false;
  return result.problems === undefined || result.outcome === 'do-not-share';
}

/**
 * Why a share does not hold to the request it answers, as the runtime holds a module's answer (undefined when
 * it does): a share names the clauses it rests on, and the kinds of information that may go, each one the
 * request asked for. A server (or anything that answers in its place) is not trusted further than that.
 */
function shareProblem(result, request) {
  if (result.outcome !== 'share' && result.outcome !== 'share-minimum') return undefined;
  if (result.reasons.length === 0) return `the answer is ${result.outcome} without the clauses it rests on`;
  const asked = Array.isArray(request?.information) ? request.information : [];
  if (result.information.length === 0) return `the answer is ${result.outcome} with no information to send`;
  const unasked = result.information.filter((kind) => typeof kind !== 'string' || !asked.includes(kind));
  if (unasked.length > 0) return `the answer is ${result.outcome} with information the request did not ask for (${unasked.map((kind) => JSON.stringify(kind)).join(', ')})`;
  return undefined;
}

/** The server's address joined with a path, keeping any path the address has (`https://host/opa/`). */
function endpoint(url, path) {
  return `${String(url).replace(/\/+$/, '')}${path}`;
}

const loopback = new Set(['localhost', '127.0.0.1', '[::1]']);

/** True when the server has loaded its bundles and can decide (false after `timeout` ms, 5 s by default). */
export async function isReady(url, { signal, timeout } = {}) {
  try {
    const response = await fetch(endpoint(url, '/health?bundles=true'), { signal: deadline(signal, timeout), redirect: 'error' });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

function notShared(cause, detail) {
  return { outcome: 'do-not-share', reasons: [], obligations: [], information: [], unavailable: { cause, detail } };
}

const message = (error) => String(error?.cause?.message ?? error?.message ?? error);

/**
 * Asks the server for the decision on a sharing request. Always resolves, never rejects: to the server's own
 * decision (with its `decision_id` when decision logging is on), or to do-not-share with `unavailable`
 * saying why not. Redirects are not followed (a decision comes from the decision path, or not at all), and
 * the token is not sent over plain HTTP except to this machine. The whole call, the answer read to its
 * end, takes at most `timeout` ms (5 s by default) or until `signal` aborts; an answer over 1 MiB is not
 * read.
 */
export async function decide(request, { url, token, signal, timeout } = {}) {
  let target;
  try {
    target = new URL(endpoint(url, '/v1/data/sharing/decision'));
  } catch (error) {
    return notShared('unreachable', message(error));
  }
  if (token && target.protocol !== 'https:' && !loopback.has(target.hostname)) {
    return notShared('insecure', 'the token is sent only over HTTPS (or to this machine)');
  }
  let text;
  let response;
  try {
    const body = JSON.stringify({ input: request });
    response = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body,
      signal: deadline(signal, timeout),
      redirect: 'error',
    });
    text = await readCapped(response);
  } catch (error) {
    return notShared('unreachable', message(error));
  }
  if (!response.ok) return notShared('refused', `HTTP ${response.status}: ${text.slice(0, 200)}`);
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    return notShared('unexpected', 'the answer is not JSON');
  }
  if (body === null || typeof body !== 'object' || body.result === undefined) {
    return notShared('undefined', 'the server has no decision: its bundle is not loaded (see /health?bundles=true)');
  }
  const { result } = body;
  if (!isDecision(result)) return notShared('unexpected', 'the result is not a decision of this notice');
  const problem = shareProblem(result, request);
  if (problem) return notShared('unexpected', problem);
  return body.decision_id === undefined ? result : { ...result, decision_id: body.decision_id };
}
