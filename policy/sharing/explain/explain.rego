# METADATA
# title: What would change the decision
# description: |
#   For a well-formed request, each single change of its facts that leads to another outcome: another
#   consent, the sharing agreement, necessity or the processor's disclosure the other way, an opt-out the
#   other way, or a claim waiting for a person confirmed (one a person rejected is theirs to judge). Each
#   with the outcome, clauses and obligations it would get: the same verdict, on the changed request.
#   None when no such change leads anywhere else (what the notice never allows, whatever the consent or
#   agreement). Worked out by the policy, never by an app.
package sharing.explain

import data.sharing.exceptions
import data.sharing.request
import data.sharing.wellformed

# METADATA
# description: The changes for the input; none for a missing or malformed one.
# entrypoint: true
default alternatives := []

alternatives := changes(input)

# METADATA
# description: |
#   The changes of a request's facts that lead to another outcome, as [{change, outcome, clauses,
#   obligations}], sorted (the same order on every engine); [] for a request that is not well-formed.
changes(req) := [] if {
	wellformed.malformed(req)
} else := sort([alternative |
	outcome := data.sharing.wellformed_verdict(req).outcome
	some change in _candidates(req)
	after := data.sharing.wellformed_verdict(_changed(req, change))
	after.outcome != outcome
	alternative := {"change": change, "outcome": after.outcome, "clauses": after.clauses, "obligations": after.obligations}
])

_facts := ["necessary_for_care", "sharing_agreement", "processor_disclosed"]

_opt_outs := ["national_data_opt_out", "shared_care_record"]

# Each single change of a fact: another consent, a flag or an opt-out the other way, a claim confirmed.
_candidates(req) := (({change |
	some consent, _ in data.notice.request.fields.consent.enum
	consent != req.consent
	change := {"fact": "consent", "value": consent}
} | {change |
	some fact in _facts
	change := {"fact": fact, "value": object.get(req, fact, false) == false}
}) | {change |
	some choice in _opt_outs
	change := {"fact": choice, "value": object.get(object.get(req, "opt_outs", {}), choice, false) == false}
}) | {change |
	some claim in object.get(req, "circumstances", [])
	request.status(claim) == "waiting"
	not exceptions.rejected(req, claim.id)
	change := {"fact": "status", "circumstance": claim.id, "value": "confirmed"}
}

# The request with one change made (still well-formed: the values are the schema's).
_changed(req, change) := _with_opt_out(req, change) if {
	change.fact in _opt_outs
} else := _with_confirmed(req, change.circumstance) if {
	change.fact == "status"
} else := object.union(req, {change.fact: change.value})

_with_opt_out(req, change) := object.union(req, {"opt_outs": opt_outs}) if {
	opt_outs := object.union(object.get(req, "opt_outs", {}), {change.fact: change.value})
}

# Every claim of the circumstance confirmed (a circumstance claimed twice counts only when both are).
_with_confirmed(req, id) := object.union(req, {"circumstances": [_claim(claim, id) | some claim in req.circumstances]})

_claim(claim, id) := object.union(claim, {"status": "confirmed"}) if {
	claim.id == id
} else := claim
