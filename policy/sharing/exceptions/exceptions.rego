# METADATA
# title: Sharing without consent
# description: |
#   The circumstances in which the notice says the trust must share without consent. They apply even
#   when consent has been refused or withdrawn. A claim settles the request when it is one the notice
#   lists, it fits (the recipient and purpose are ones the circumstance is for) and, where the notice
#   leaves a judgement to the trust, a person has confirmed it (every claim of it, if claimed twice).
#   A claim that settles nothing goes to a person, unless the recipient's own rules already share.
package sharing.exceptions

import data.sharing.request

# METADATA
# title: An established circumstance
# description: |
#   A claim of a circumstance the notice lists, for a recipient it is for, that needs no (further)
#   judgement: it needs none, or a person has confirmed every claim of it.
# custom:
#   clause: no-consent
established(req) := {claim.id |
	some claim in req.circumstances
	circumstance := data.notice.circumstances[claim.id]
	circumstance.listed
	req.recipient in circumstance.recipients
	_confirmed(req, claim.id, circumstance)
}

# METADATA
# title: A circumstance that settles the request
# description: An established circumstance for the purpose asked.
# custom:
#   clause: no-consent
settled(req) := {id |
	some id in established(req)
	req.purpose in data.notice.circumstances[id].purposes
}

# METADATA
# title: Share the minimum, without consent
# description: A settled circumstance allows sharing what is necessary for it, recorded.
# custom:
#   clause: no-consent
verdict(req, settled_ids) := {
	"outcome": "share-minimum",
	"clauses": array.concat(["no-consent"], _clauses(settled_ids)),
	"obligations": ["minimum-necessary", "record-disclosure"],
	"information": request.asked(req),
}

# METADATA
# title: A circumstance a person must judge
# description: |
#   No claim settles the request and the recipient's own rules do not share. A claim that fits the
#   recipient and purpose but waits for a person's judgement (is the harm or the crime serious? what does
#   the order name?), or a reason the notice does not list, goes to the Caldicott Guardian or the
#   information-governance team, recorded. A listed circumstance claimed for a recipient or purpose it
#   does not reach changes nothing: the recipient's own rules decide.
# custom:
#   clause: no-consent
unsettled(req, route) := route if {
	route.outcome == "share"
} else := route if {
	route.outcome == "share-minimum"
} else := request.refer(
	array.concat(["no-consent"], _clauses(pending)),
	["refer-to-caldicott-guardian", "record-disclosure"],
) if {
	pending := _pending(req)
	count(pending) > 0
} else := route

# The claims a person must judge: listed ones that fit but are not confirmed, and unlisted ones.
_pending(req) := {claim.id |
	some claim in req.circumstances
	circumstance := data.notice.circumstances[claim.id]
	_waits_for_a_person(req, circumstance)
}

_waits_for_a_person(_, circumstance) if circumstance.listed == false

_waits_for_a_person(req, circumstance) if {
	req.recipient in circumstance.recipients
	req.purpose in circumstance.purposes
}

_clauses(ids) := [data.notice.circumstances[id].clause | some id in ids]

_confirmed(_, _, circumstance) if circumstance.needs_review == false

_confirmed(req, id, circumstance) if {
	circumstance.needs_review == true
	not _unconfirmed(req, id)
}

# Some claim of this circumstance has not been confirmed.
_unconfirmed(req, id) if {
	some claim in req.circumstances
	claim.id == id
	not claim.confirmed == true
}
