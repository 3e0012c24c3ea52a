# METADATA
# title: Family, carers and the nearest relative
# description: |
#   The patient's family and carers receive information for the patient's care and support with their
#   consent when it is necessary ("support for you, and your carers"), or what is needed in their best
#   interests when they cannot consent. The Mental Health Act (1983) nearest relative is decided the same
#   way outside the Act; where the Act requires them to receive information, a circumstance decides
#   (sharing.exceptions).
package sharing.relatives

import data.sharing.request

# METADATA
# scope: document
# description: The request is for the family and carers, or the nearest relative.
applies(req) if request.recipient(req).kind == "carer"

applies(req) if request.recipient(req).kind == "nearest-relative"

# METADATA
# title: Family and carers, with consent
# description: With consent, when necessary, for the patient's care and support.
# custom:
#   clause: other-professionals
verdict(req) := {
	"outcome": "share",
	"clauses": ["other-professionals"],
	"obligations": [],
	"information": request.asked(req),
} if {
	request.consented(req)
	_necessary_for_care(req)
} else := request.nothing(["other-professionals", "refuse-withdraw"], ["explain-refusal-implications"]) if {
	request.refused(req)
} else := _best_interests_verdict(req) if {
	request.unable_to_consent(req)
	request.for_treatment(req)
	request.necessary_for_care(req)
} else := request.nothing(["other-professionals"], ["ask-for-consent"]) if {
	request.not_asked(req)
	request.for_direct_care(req)
} else := _no_basis_verdict(req)

_necessary_for_care(req) if {
	request.for_direct_care(req)
	request.necessary_for_care(req)
}

# METADATA
# title: In the patient's best interests
# description: |
#   A patient who cannot consent; family and carers receive what is needed for their care. Without consent,
#   so it cites the notice's sharing without consent, not the consent it does not have.
# custom:
#   clause: no-consent
_best_interests_verdict(req) := {
	"outcome": "share-minimum",
	"clauses": ["no-consent"],
	"obligations": ["best-interests", "minimum-necessary", "record-disclosure"],
	"information": request.asked(req),
}

# METADATA
# title: Nothing without a basis
# description: |
#   Not necessary for care, or a purpose beyond it (the Mental Health Act among them) with no circumstance
#   claimed: nothing is shared.
# custom:
#   clause: circumstance-mental-health-act
_no_basis_verdict(req) := request.nothing([_clause(req)], [])

_clause(req) := "circumstance-mental-health-act" if {
	req.purpose == "mental-health-act"
} else := "other-professionals"
