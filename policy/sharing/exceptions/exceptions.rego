# METADATA
# title: Sharing without consent
# description: |
#   The circumstances in which the notice says the trust must share without consent. They apply even
#   when consent has been refused or withdrawn. A claim settles the request when it fits (the recipient
#   and purpose are ones the circumstance is for) and, where the notice leaves a judgement to the trust,
#   a person has confirmed it. Any other claim goes to a person.
package sharing.exceptions

import data.sharing.request

_circumstance(claim) := data.notice.circumstances[claim.id]

_fits(req, claim) if {
	request.recipient(req)
	req.recipient in _circumstance(claim).recipients
	req.purpose in _circumstance(claim).purposes
}

_confirmed(claim) if _circumstance(claim).needs_review == false

_confirmed(claim) if claim.confirmed == true

# METADATA
# title: A circumstance that settles the request
# description: The claim fits the circumstance and needs no (further) judgement.
# custom:
#   clause: no-consent
settled(req) := {claim.id |
	some claim in request.claims(req)
	_fits(req, claim)
	_confirmed(claim)
}

# METADATA
# title: A circumstance a person must judge
# description: |
#   The claim needs the Caldicott Guardian or the information-governance team: the notice leaves the
#   judgement to the trust (is the harm or the crime serious? what does the order name?), or the claim
#   does not fit the recipient or purpose asked for.
# custom:
#   clause: no-consent
unsettled(req) := {claim.id |
	some claim in request.claims(req)
	not claim.id in settled(req)
}

# METADATA
# description: Some circumstance is claimed.
applies(req) if count(request.claims(req)) > 0

# METADATA
# title: Share the minimum, without consent
# description: A settled circumstance allows sharing what is necessary for it, recorded.
# custom:
#   clause: no-consent
verdict(req) := {
	"outcome": "share-minimum",
	"clauses": ({"no-consent"} | {data.notice.circumstances[id].clause | some id in settled(req)}),
	"obligations": {"minimum-necessary", "record-disclosure"},
} if {
	count(settled(req)) > 0
} else := {
	"outcome": "refer",
	"clauses": ({"no-consent"} | {data.notice.circumstances[id].clause | some id in unsettled(req)}),
	"obligations": {"refer-to-caldicott-guardian", "record-disclosure"},
}
