# METADATA
# title: Sharing without consent
# description: |
#   The circumstances in which the notice says the trust must share without consent. They apply even
#   when consent has been refused or withdrawn. A claim settles the request when it fits (the recipient
#   and purpose are ones the circumstance is for) and, where the notice leaves a judgement to the trust,
#   a person has confirmed it. Any other claim goes to a person.
package sharing.exceptions

import data.sharing.request

# METADATA
# title: A circumstance that settles the request
# description: The claim fits the circumstance and needs no (further) judgement.
# custom:
#   clause: no-consent
settled(req) := {claim.id |
	some claim in req.circumstances
	circumstance := data.notice.circumstances[claim.id]
	_fits(req, circumstance)
	_confirmed(claim, circumstance)
}

# METADATA
# description: Some circumstance is claimed.
applies(req) if some _ in req.circumstances

# METADATA
# description: Share the minimum when a claim settles the request, otherwise a person decides.
verdict(req) := _verdict(req, settled(req))

# METADATA
# title: Share the minimum, without consent
# description: A settled circumstance allows sharing what is necessary for it, recorded.
# custom:
#   clause: no-consent
_verdict(_, settled_ids) := {
	"outcome": "share-minimum",
	"clauses": array.concat(["no-consent"], _clauses(settled_ids)),
	"obligations": ["minimum-necessary", "record-disclosure"],
} if {
	count(settled_ids) > 0
}

# METADATA
# title: A circumstance a person must judge
# description: |
#   No claim settles the request, so the claims go to the Caldicott Guardian or the information-governance
#   team, recorded: the notice leaves the judgement to the trust (is the harm or the crime serious? what
#   does the order name?), or a claim does not fit the recipient or purpose asked for.
# custom:
#   clause: no-consent
_verdict(req, settled_ids) := {
	"outcome": "refer",
	"clauses": array.concat(["no-consent"], _clauses(_claimed(req))),
	"obligations": ["refer-to-caldicott-guardian", "record-disclosure"],
} if {
	count(settled_ids) == 0
}

_claimed(req) := {claim.id | some claim in req.circumstances}

_clauses(ids) := [data.notice.circumstances[id].clause | some id in ids]

# The recipient and purpose asked for are ones the circumstance is for.
_fits(req, circumstance) if {
	request.recipient(req)
	req.recipient in circumstance.recipients
	req.purpose in circumstance.purposes
}

_confirmed(_, circumstance) if circumstance.needs_review == false

_confirmed(claim, _) if claim.confirmed == true
