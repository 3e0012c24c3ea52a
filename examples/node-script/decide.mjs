// Decides a request, then logs it as OPA logs decisions and as a FHIR AuditEvent.
import { loadSharingPolicy } from '@msefnhst/privacy-notice';

const policy = await loadSharingPolicy();
const request = {
  recipient: 'police-judicial',
  purpose: 'crime-investigation',
  information: ['care-record'],
  consent: 'refused',
  circumstances: [{ id: 'serious-crime', status: 'confirmed' }],
};
const { decision, entry } = policy.decideLogged(request);
const event = policy.auditEvent(entry, { patient: { reference: 'Patient/example' } });
console.log(JSON.stringify({
  outcome: decision.outcome,
  reasons: decision.reasons.map((reason) => reason.clause),
  obligations: decision.obligations.map((obligation) => obligation.id),
  decision_id: entry.decision_id,
  audit: { resourceType: event.resourceType, purposeOfUse: event.purposeOfEvent[0].coding[0]?.code },
}));
