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

/** True when the server has loaded its bundles and can decide. */
export async function isReady(url, { signal } = {}) {
  try {
    const response = await fetch(new URL('/health?bundles=true', url), { signal });
    return response.ok;
  } catch {
    return false;
  }
}

function notShared(cause, detail) {
  return { outcome: 'do-not-share', reasons: [], obligations: [], information: [], unavailable: { cause, detail } };
}

/**
 * Asks the server for the decision on a sharing request. Always resolves to a decision: the server's own
 * (with its `decision_id` when decision logging is on), or do-not-share with `unavailable` saying why not.
 */
export async function decide(request, { url, token, signal }) {
  let response;
  try {
    response = await fetch(new URL('/v1/data/sharing/decision', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ input: request }),
      signal,
    });
  } catch (error) {
    return notShared('unreachable', String(error?.cause?.message ?? error?.message ?? error));
  }
  const text = await response.text();
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
  if (result === null || typeof result !== 'object' || !OUTCOMES.has(result.outcome)) {
    return notShared('unexpected', 'the result is not a decision of this notice');
  }
  return body.decision_id === undefined ? result : { ...result, decision_id: body.decision_id };
}
