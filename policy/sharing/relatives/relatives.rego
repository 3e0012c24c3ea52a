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
} else := _act_with_consent_verdict(req) if {
	request.consented(req)
	_under_the_act(req)
	request.necessary_for_care(req)
} else := _refused_verdict(req) if {
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

# The nearest relative, for what the Mental Health Act (1983) has them receive.
_under_the_act(req) if {
	circumstance := data.notice.circumstances["mental-health-act"]
	req.recipient in circumstance.recipients
	req.purpose in circumstance.purposes
}

# METADATA
# title: The nearest relative, with consent
# description: |
#   The Act's clause is about the nearest relative receiving information "even if you object"; with the
#   patient's consent, when it is necessary, they receive it.
# custom:
#   clause: circumstance-mental-health-act
_act_with_consent_verdict(req) := {
	"outcome": "share",
	"clauses": ["circumstance-mental-health-act"],
	"obligations": [],
	"information": request.asked(req),
}

# METADATA
# title: A refusal stops it
# description: |
#   A refusal or withdrawal stops sharing with family, carers or the nearest relative (only a
#   circumstance can override it); for the patient's care, someone discusses what refusing could mean.
# custom:
#   clause: refuse-withdraw
_refused_verdict(req) := request.nothing([_clause(req), "refuse-withdraw"], ["explain-refusal-implications"]) if {
	request.for_direct_care(req)
} else := request.nothing([_clause(req), "refuse-withdraw"], [])

# METADATA
# title: In the patient's best interests
# description: |
#   A patient who cannot consent; family and carers receive what is needed for their care, as those
#   caring for them. Without consent, so it cites the notice's words on those caring for the patient, not
#   the consent it does not have, and the patient is told when they can be.
# custom:
#   clause: care-team
_best_interests_verdict(req) := {
	"outcome": "share-minimum",
	"clauses": ["care-team"],
	"obligations": ["best-interests", "minimum-necessary", "record-disclosure", "tell-patient"],
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
