# METADATA
# title: Sharing without consent
# description: |
#   The circumstances in which the notice says the trust must share without consent. They apply even
#   when consent has been refused or withdrawn. A claim settles the request when it is one the notice
#   lists, it fits (the recipient and purpose are ones the circumstance is for), nobody rejected it and,
#   where the notice leaves a judgement to the trust, a person has confirmed it (every claim of it, if
#   claimed twice). A claim that settles nothing, and that nobody rejected, goes to a person unless the
#   recipient's own rules already share: the notice's circumstances are examples, so a concern raised for
#   an unusual recipient or purpose is a question for a person, not something to drop.
package sharing.exceptions

import data.sharing.request

# METADATA
# title: A circumstance that stands
# description: |
#   A claim of a circumstance the notice lists that nobody rejected and that needs no (further) judgement:
#   it needs none, or a person has confirmed every claim of it. For whichever recipient is asked.
# custom:
#   clause: no-consent
standing(req) := {claim.id |
	some claim in req.circumstances
	circumstance := data.notice.circumstances[claim.id]
	circumstance.listed
	_judged(req, claim.id, circumstance)
}

# METADATA
# title: An established circumstance
# description: A circumstance that stands, for a recipient it is for.
# custom:
#   clause: no-consent
established(req) := {id |
	some id in standing(req)
	req.recipient in data.notice.circumstances[id].recipients
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
# description: |
#   A settled circumstance allows sharing what it needs of what was asked (its kinds of information; a
#   court order, what was asked, limited to what the order names), recorded, and the patient is told
#   unless that would put someone at risk or defeat the purpose. When none of what was asked is needed,
#   nothing is shared.
# custom:
#   clause: no-consent
verdict(req, settled_ids) := {
	"outcome": "share-minimum",
	"clauses": array.concat(["no-consent"], _clauses(settled_ids)),
	"obligations": sort({"minimum-necessary", "record-disclosure", "tell-patient"} | _obligations(settled_ids)),
	"information": information,
} if {
	information := _needed(req, settled_ids)
	count(information) > 0
} else := request.nothing(array.concat(["no-consent"], _clauses(settled_ids)), ["minimum-necessary"])

# The kinds asked for that some settled circumstance needs (what was asked, for one that names none).
_needed(req, ids) := sort({kind |
	some id in ids
	some kind in object.get(data.notice.circumstances[id], "information", request.asked(req))
} & request.information(req))

_obligations(ids) := {obligation |
	some id in ids
	some obligation in data.notice.circumstances[id].obligations
}

# METADATA
# title: A circumstance a person must judge
# description: |
#   The recipient's own rules do not share and no claim settles the request (sharing._after_route asks
#   those first). A claim nobody rejected that waits for a person's judgement (is the harm or the crime
#   serious? what does the order name?), a confirmed concern for a recipient or purpose outside the
#   circumstance's usual reach, or a reason the notice does not list, goes to the Caldicott Guardian or
#   the information-governance team, whose decision is recorded. A rejected claim changes nothing: the
#   recipient's own rules decide.
# custom:
#   clause: no-consent
unsettled(req, route) := request.refer(
	array.concat(["no-consent"], _clauses(pending)),
	[_who_decides(req, pending), "record-decision"],
) if {
	pending := _pending(req)
	count(pending) > 0
} else := route

# The claims a person must judge: every claimed circumstance nobody rejected (none of them settles here).
_pending(req) := {claim.id |
	some claim in req.circumstances
	data.notice.circumstances[claim.id]
	not rejected(req, claim.id)
}

# A reason the notice does not list that a person has already confirmed: act on their recorded judgement.
# Anything else: ask them.
_who_decides(req, pending) := "refer-to-caldicott-guardian" if {
	some id in pending
	_asks_a_person(req, id)
} else := "follow-recorded-judgement"

_asks_a_person(_, id) if data.notice.circumstances[id].listed == true

_asks_a_person(req, id) if _needs_confirming(req, id)

_clauses(ids) := [data.notice.circumstances[id].clause | some id in ids]

# Nobody rejected any claim of it and, where it needs judgement, every claim of it is confirmed.
_judged(req, id, circumstance) if {
	not rejected(req, id)
	circumstance.needs_review == false
}

_judged(req, id, circumstance) if {
	not rejected(req, id)
	circumstance.needs_review == true
	not _needs_confirming(req, id)
}

# METADATA
# description: A person looked at some claim of this circumstance and turned it down.
rejected(req, id) if {
	some claim in req.circumstances
	claim.id == id
	request.status(claim) == "rejected"
}

# Some claim of this circumstance has not been confirmed.
_needs_confirming(req, id) if {
	some claim in req.circumstances
	claim.id == id
	request.status(claim) != "confirmed"
}
