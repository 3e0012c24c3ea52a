# METADATA
# title: What the trust never does
# description: |
#   Requests refused whatever the consent and whatever circumstance is claimed: purposes the notice
#   forbids, purposes that do not benefit the patient's care, processors patients have not been told
#   of, and processors asked for anything but what the trust instructs them for. Where an established
#   circumstance (a court order, say) meets a forbidden purpose, the notice pulls both ways and a person
#   decides.
package sharing.prohibitions

import data.sharing.exceptions
import data.sharing.request

# METADATA
# title: Never for marketing or insurance
# description: The notice forbids marketing and insurance outright, whatever the consent.
# custom:
#   clause: never-marketing-insurance
_not_for_care(req) if request.purpose(req).forbidden == true

# METADATA
# title: Only for purposes that benefit the patient's care
# description: A purpose that does not benefit the patient's care is not one the notice allows.
# custom:
#   clause: never-marketing-insurance
_not_for_care(req) if request.purpose(req).benefits_care == false

# METADATA
# title: Only processors patients have been told of
# description: Data processors receive nothing until patients have been informed of them.
# custom:
#   clause: recipient-data-processors
_undisclosed_processor(req) if {
	request.recipient(req).kind == "processor"
	not request.processor_disclosed(req)
}

# METADATA
# title: Processors act only as the trust instructs
# description: |
#   A processor acts for the trust, for the purposes the trust instructs it for; it is not a route around
#   the circumstances, the Caldicott Guardian or the minimum-necessary rule.
# custom:
#   clause: recipient-data-processors
_processor_not_instructed(req) if {
	recipient := request.recipient(req)
	recipient.kind == "processor"
	not req.purpose in recipient.purposes
}

# METADATA
# description: |
#   Some prohibition applies: each one asked on its own, without collecting them all. A new prohibition
#   goes here and in `clauses`; test/prohibitions.test.ts checks the two agree over the request space.
# scope: document
applies(req) if _not_for_care(req)

applies(req) if _undisclosed_processor(req)

applies(req) if _processor_not_instructed(req)

# METADATA
# description: Do not share, citing every prohibition that applies; a conflict goes to a person.
verdict(req) := _conflict_verdict(req, conflicts) if {
	conflicts := _conflicts(req)
	count(conflicts) > 0
} else := request.nothing(clauses(req), [])

# METADATA
# description: The clauses of the prohibitions that apply.
clauses(req) := array.concat(
	["never-marketing-insurance" | _not_for_care(req)],
	["recipient-data-processors" | _processor_refused(req)],
)

_processor_refused(req) if _undisclosed_processor(req)

_processor_refused(req) if _processor_not_instructed(req)

# METADATA
# title: Two clauses that pull both ways
# description: |
#   A circumstance established for the recipient asked (nobody rejected it, and it is confirmed or needs
#   no judgement), but for a purpose the notice never shares for: the notice says both "we must share" and
#   "we would never share". A person decides, and the decision cites both.
# custom:
#   clause: never-marketing-insurance
_conflict_verdict(req, conflicts) := request.refer(
	array.concat(clauses(req), _circumstance_clauses(conflicts)),
	["refer-to-caldicott-guardian", "record-decision"],
)

_circumstance_clauses(ids) := array.concat(["no-consent"], [data.notice.circumstances[id].clause | some id in ids])

# The established circumstances claimed for the recipient, when the purpose does not benefit care.
_conflicts(req) := exceptions.established(req) if {
	_not_for_care(req)
} else := set()
