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
_prohibited(req, "never-marketing-insurance") if request.purpose(req).forbidden == true

# METADATA
# title: Only for purposes that benefit the patient's care
# description: A purpose that does not benefit the patient's care is not one the notice allows.
# custom:
#   clause: never-marketing-insurance
_prohibited(req, "never-marketing-insurance") if request.purpose(req).benefits_care == false

# METADATA
# title: Only processors patients have been told of
# description: Data processors receive nothing until patients have been informed of them.
# custom:
#   clause: recipient-data-processors
_prohibited(req, "recipient-data-processors") if {
	request.recipient(req).kind == "processor"
	not request.processor_disclosed(req)
}

# METADATA
# title: Only what the notice lists
# description: |
#   A recipient, purpose, kind of information or circumstance the notice does not list is never shared
#   with or for. The runtime rejects such requests before they get here; this keeps the policy closed
#   on its own.
_unlisted(req, "recipient") if not request.recipient(req)

_unlisted(req, "purpose") if not request.purpose(req)

_unlisted(req, "information") if {
	some id in req.information
	not data.notice.information[id]
}

_unlisted(req, "information") if not _asks_for_information(req)

_unlisted(req, "circumstance") if {
	some claim in req.circumstances
	not data.notice.circumstances[claim.id]
}

_asks_for_information(req) if some _ in req.information

# METADATA
# description: |
#   Every prohibition that applies to the request: the clause behind it, or the kind of id the notice
#   does not list.
findings(req) := {{"clause": clause} |
	some clause in ["never-marketing-insurance", "recipient-data-processors"]
	_prohibited(req, clause)
} | {{"unknown": kind} |
	some kind in ["recipient", "purpose", "information", "circumstance"]
	_unlisted(req, kind)
}

# METADATA
# description: |
#   Some prohibition applies: each one asked on its own, without collecting them all. A new prohibition
#   goes here and in findings; opa test's full coverage and notice validate's rule-not-exercised check
#   fail until it is asked.
# scope: document
applies(req) if _prohibited(req, "never-marketing-insurance")

applies(req) if _prohibited(req, "recipient-data-processors")

applies(req) if _unlisted(req, "recipient")

applies(req) if _unlisted(req, "purpose")

applies(req) if _unlisted(req, "information")

applies(req) if _unlisted(req, "circumstance")

# METADATA
# description: Do not share, citing every prohibition that applies.
verdict(req) := {
	"outcome": "do-not-share",
	"clauses": [clause |
		some clause in ["never-marketing-insurance", "recipient-data-processors"]
		_prohibited(req, clause)
	],
	"obligations": [],
}
