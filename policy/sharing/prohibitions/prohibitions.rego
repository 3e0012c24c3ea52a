# METADATA
# title: What the trust never does
# description: |
#   Requests refused whatever the consent and whatever circumstance is claimed: purposes the notice
#   forbids, purposes that do not benefit the patient's care, processors patients have not been told
#   of, and anything the notice does not list.
package sharing.prohibitions

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
# title: Only what the notice lists
# description: |
#   A recipient, purpose, kind of information or circumstance the notice does not list is never shared
#   with or for. The runtime rejects such requests before they get here; this keeps the policy closed
#   on its own.
_unlisted_recipient(req) if not request.recipient(req)

_unlisted_purpose(req) if not request.purpose(req)

_unlisted_information(req) if {
	some id in req.information
	not data.notice.information[id]
}

_unlisted_information(req) if not _asks_for_information(req)

_unlisted_circumstance(req) if {
	some claim in req.circumstances
	not data.notice.circumstances[claim.id]
}

_asks_for_information(req) if some _ in req.information

# METADATA
# description: |
#   Every prohibition that applies to the request: the clause behind it, or the kind of id the notice
#   does not list.
findings(req) := {{"clause": clause} | some clause in _clauses(req)} | {{"unknown": kind} |
	some kind in _unlisted(req)
}

# METADATA
# description: |
#   Some prohibition applies: each one asked on its own, without collecting them all. A new prohibition
#   goes here and in _clauses or _unlisted; test/prohibitions.test.ts checks the two agree over the
#   request space.
# scope: document
applies(req) if _not_for_care(req)

applies(req) if _undisclosed_processor(req)

applies(req) if _unlisted_recipient(req)

applies(req) if _unlisted_purpose(req)

applies(req) if _unlisted_information(req)

applies(req) if _unlisted_circumstance(req)

# METADATA
# description: Do not share, citing every prohibition that applies.
verdict(req) := {
	"outcome": "do-not-share",
	"clauses": _clauses(req),
	"obligations": [],
}

# The clauses of the prohibitions that apply.
_clauses(req) := array.concat(
	["never-marketing-insurance" | _not_for_care(req)],
	["recipient-data-processors" | _undisclosed_processor(req)],
)

# The kinds of id the request names that the notice does not list.
_unlisted(req) := union({
	{"recipient" | _unlisted_recipient(req)},
	{"purpose" | _unlisted_purpose(req)},
	{"information" | _unlisted_information(req)},
	{"circumstance" | _unlisted_circumstance(req)},
})
