# METADATA
# title: Other professionals and organisations
# description: |
#   The organisations of the notice's list receive information for the patient's care and support only
#   with the patient's consent, when it is necessary, and under a strict agreement on how it will be used.
#   When the patient cannot consent, those that provide care receive what is needed, in the patient's best
#   interests. Other purposes are reached only through a circumstance (sharing.exceptions).
package sharing.organisations

import data.sharing.request

# METADATA
# description: The request is for one of the organisations the notice lists.
applies(req) if request.recipient(req).kind == "organisation"

# METADATA
# description: The answer for an organisation, by the patient's consent.
verdict(req) := _refused_verdict if {
	request.refused(req)
} else := _care_verdict(req) if {
	request.for_direct_care(req)
} else := _beyond_care_verdict(req) if {
	request.consented(req)
} else := _no_basis_verdict(req)

# METADATA
# title: Refused or withdrawn consent
# description: |
#   A refusal or withdrawal stops this sharing; the patient is told what it could mean for their care.
# custom:
#   clause: refuse-withdraw
_refused_verdict := request.nothing(["other-professionals", "refuse-withdraw"], ["explain-refusal-implications"])

# METADATA
# title: Shared with consent, when necessary, under an agreement
# description: |
#   For the patient's care and support: consent given, the organisation involved in their care, sharing
#   necessary, and an agreement in place.
# custom:
#   clause: other-professionals
_care_verdict(req) := {
	"outcome": "share",
	"clauses": ["other-professionals", "strict-agreements", request.recipient(req).clause],
	"obligations": ["follow-sharing-agreement"],
	"information": request.asked(req),
} if {
	request.consented(req)
	_involved_in_care(req)
	request.necessary_for_care(req)
	request.sharing_agreement(req)
} else := request.nothing(["other-professionals"], ["ask-for-consent"]) if {
	request.not_asked(req)
	_involved_in_care(req)
} else := _best_interests_verdict(req) if {
	request.unable_to_consent(req)
} else := request.nothing(["other-professionals"], []) if {
	not _conditions_met_but_agreement(req)
} else := _no_agreement_verdict(req)

# Everything but the agreement is in place: consent given, involved in care, necessary.
_conditions_met_but_agreement(req) if {
	request.consented(req)
	_involved_in_care(req)
	request.necessary_for_care(req)
}

_involved_in_care(req) if request.recipient(req).care_role == "provides-care"

_involved_in_care(req) if request.recipient(req).care_role == "involved-in-care"

# METADATA
# title: Subject to strict agreements
# description: Without a sharing agreement in place, the organisation receives nothing.
# custom:
#   clause: strict-agreements
_no_agreement_verdict(req) := request.nothing(["strict-agreements", request.recipient(req).clause], [])

# METADATA
# title: A patient who cannot consent
# description: |
#   In the patient's best interests, an organisation that provides care receives what is needed for
#   their treatment, when it is necessary and an agreement is in place. No one else receives anything
#   without a circumstance. Without consent, so a share cites the notice's sharing without consent, not the
#   consent it does not have.
# custom:
#   clause: no-consent
_best_interests_verdict(req) := {
	"outcome": "share-minimum",
	"clauses": ["no-consent", "strict-agreements", request.recipient(req).clause],
	"obligations": ["best-interests", "follow-sharing-agreement", "minimum-necessary", "record-disclosure"],
	"information": request.asked(req),
} if {
	_best_interests_reach(req)
	request.sharing_agreement(req)
} else := request.nothing(["strict-agreements", request.recipient(req).clause], ["best-interests"]) if {
	_best_interests_reach(req)
} else := request.nothing(["other-professionals"], ["best-interests"])

# What best interests reach, but for the agreement: an organisation that provides care, for the patient's
# treatment, when it is necessary.
_best_interests_reach(req) if {
	request.recipient(req).care_role == "provides-care"
	request.for_treatment(req)
	request.necessary_for_care(req)
}

# METADATA
# title: Purposes beyond care, with consent
# description: |
#   The notice lists these organisations but says nothing of sharing with them, with consent, for a
#   purpose beyond the patient's care when no circumstance is claimed: a person decides.
# custom:
#   clause: strict-agreements
_beyond_care_verdict(req) := request.refer(
	["strict-agreements", request.recipient(req).clause],
	["refer-to-caldicott-guardian"],
)

# METADATA
# title: Beyond care, without consent
# description: |
#   Without consent, an organisation receives nothing for a purpose beyond the patient's care unless a
#   circumstance applies. A patient who has not been asked may be; one who cannot consent cannot.
# custom:
#   clause: no-consent
_no_basis_verdict(req) := request.nothing(["other-professionals", "no-consent"], []) if {
	request.unable_to_consent(req)
} else := request.nothing(["other-professionals", "no-consent"], ["ask-for-consent"])
