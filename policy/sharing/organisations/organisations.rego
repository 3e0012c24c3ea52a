# METADATA
# title: Other professionals and organisations
# description: |
#   The organisations of the notice's list receive information for the patient's care only with the
#   patient's consent, when it is necessary, and under a strict agreement on how it will be used.
package sharing.organisations

import data.sharing.request

# METADATA
# description: The request is for one of the organisations the notice lists.
applies(req) if request.recipient(req).kind == "organisation"

# METADATA
# description: For the patient's care, the care rules decide; other purposes go to a person.
verdict(req) := _care_verdict(req) if request.for_individual_care(req)

# METADATA
# title: Purposes beyond care
# description: |
#   The notice lists these organisations, but says nothing of sharing with them beyond the patient's
#   care without a circumstance: a person decides.
# custom:
#   clause: strict-agreements
verdict(req) := {
	"outcome": "refer",
	"clauses": ["strict-agreements", request.recipient(req).clause],
	"obligations": ["refer-to-caldicott-guardian"],
} if {
	not request.for_individual_care(req)
}

# METADATA
# title: Shared with consent, when necessary, under an agreement
# description: Consent given, sharing necessary for care, and an agreement in place.
# custom:
#   clause: other-professionals
_care_verdict(req) := {
	"outcome": "share",
	"clauses": ["other-professionals", "strict-agreements", request.recipient(req).clause],
	"obligations": ["follow-sharing-agreement"],
} if {
	request.consented(req)
	request.necessary_for_care(req)
	request.sharing_agreement(req)
} else := _refused_verdict if {
	request.refused(req)
} else := {
	"outcome": "do-not-share",
	"clauses": ["other-professionals"],
	"obligations": ["ask-for-consent"],
} if {
	request.not_asked(req)
} else := _emergency_verdict(req) if {
	request.unable_to_consent(req)
} else := {
	"outcome": "do-not-share",
	"clauses": ["other-professionals"],
	"obligations": [],
} if {
	not request.necessary_for_care(req)
} else := _no_agreement_verdict(req)

# METADATA
# title: Refused or withdrawn consent
# description: |
#   A refusal or withdrawal stops this sharing; the patient is told what it could mean for their care.
# custom:
#   clause: refuse-withdraw
_refused_verdict := {
	"outcome": "do-not-share",
	"clauses": ["other-professionals", "refuse-withdraw"],
	"obligations": ["explain-refusal-implications"],
}

# METADATA
# title: Subject to strict agreements
# description: Without a sharing agreement in place, the organisation receives nothing.
# custom:
#   clause: strict-agreements
_no_agreement_verdict(req) := {
	"outcome": "do-not-share",
	"clauses": ["strict-agreements", request.recipient(req).clause],
	"obligations": [],
}

# METADATA
# title: A patient who cannot consent
# description: |
#   Emergency care that is necessary proceeds in the patient's best interests, sharing the minimum;
#   anything else is decided by a person.
# custom:
#   clause: other-professionals
_emergency_verdict(req) := {
	"outcome": "share-minimum",
	"clauses": ["other-professionals", "care-team"],
	"obligations": ["best-interests", "minimum-necessary", "record-disclosure"],
} if {
	_necessary_emergency_care(req)
} else := {
	"outcome": "refer",
	"clauses": ["other-professionals"],
	"obligations": ["best-interests", "refer-to-caldicott-guardian"],
}

_necessary_emergency_care(req) if {
	req.purpose == "emergency-care"
	request.necessary_for_care(req)
}
