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
verdict(req) := _refused_verdict(req) if {
	request.refused(req)
} else := _care_verdict(req) if {
	request.for_direct_care(req)
} else := _beyond_care_verdict(req) if {
	request.consented(req)
} else := _no_basis_verdict(req)

# METADATA
# title: Refused or withdrawn consent
# description: |
#   A refusal or withdrawal stops this sharing. Where it concerns the patient's care (a purpose of their
#   care, an organisation taking part in it), they are told what it could mean for their care; a refusal
#   to the police, a court or NHS England affects no care, so there is nothing to warn them of.
# custom:
#   clause: refuse-withdraw
_refused_verdict(req) := request.nothing(
	["other-professionals", "refuse-withdraw"],
	["explain-refusal-implications"],
) if {
	request.for_direct_care(req)
	_involved_in_care(req)
} else := request.nothing(["other-professionals", "refuse-withdraw"], [])

# METADATA
# title: Shared with consent, when necessary, under an agreement
# description: |
#   For the patient's care and support: consent given (or implied, for treatment by those who provide
#   it), the organisation involved in their care, sharing necessary, and an agreement in place.
# custom:
#   clause: other-professionals
_care_verdict(req) := _with_consent_verdict(req) if {
	request.agreed(req)
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

_with_consent_verdict(req) := {
	"outcome": "share",
	"clauses": ["other-professionals", "strict-agreements", request.recipient(req).clause],
	"obligations": ["follow-sharing-agreement"],
	"information": request.asked(req),
}

# Everything but the agreement is in place: consent, involved in care, necessary.
_conditions_met_but_agreement(req) if {
	request.agreed(req)
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
#   their treatment, when it is necessary and an agreement is in place; the reasons are the organisation's
#   place in the notice's list, under its strict agreements (not the consent it does not have). Without a
#   recorded agreement, emergency treatment still goes ahead in the patient's vital interests, and for
#   other treatment a person decides: an unconscious patient's care never hangs on one recorded flag. No
#   one else receives anything without a circumstance.
# custom:
#   clause: strict-agreements
_best_interests_verdict(req) := {
	"outcome": "share-minimum",
	"clauses": ["strict-agreements", request.recipient(req).clause],
	"obligations": [
		"best-interests", "follow-sharing-agreement", "minimum-necessary",
		"record-disclosure", "tell-patient",
	],
	"information": request.asked(req),
} if {
	_best_interests_reach(req)
	request.sharing_agreement(req)
} else := _vital_interests_verdict(req) if {
	_best_interests_reach(req)
	request.for_emergency(req)
} else := request.refer(
	["strict-agreements", request.recipient(req).clause],
	["best-interests", "refer-to-caldicott-guardian", "record-decision"],
) if {
	_best_interests_reach(req)
} else := request.nothing(["other-professionals"], ["best-interests"])

# METADATA
# title: Emergency treatment in the patient's vital interests
# description: |
#   A patient who cannot consent, in an emergency: those providing their emergency treatment receive what
#   it needs, whether or not a sharing agreement is recorded (UK GDPR Art 6(1)(d), 9(2)(c); Mental
#   Capacity Act 2005 s4). They are providing the patient's treatment, as the team caring for them does.
# custom:
#   clause: care-team
_vital_interests_verdict(req) := {
	"outcome": "share-minimum",
	"clauses": ["care-team", request.recipient(req).clause],
	"obligations": ["best-interests", "minimum-necessary", "record-disclosure", "tell-patient"],
	"information": request.asked(req),
}

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
#   With consent, for a purpose beyond the patient's own care and with no circumstance that settles it:
#   nothing unless sharing is necessary ("only ... if we have your consent and it is considered
#   necessary") and an agreement is in place; then, where the welfare of other people is involved, an
#   organisation taking part in the patient's care receives it, as the notice says. For any other
#   purpose the notice is silent, and a person decides.
# custom:
#   clause: other-professionals
_beyond_care_verdict(req) := request.nothing(["other-professionals"], []) if {
	not request.necessary_for_care(req)
} else := _no_agreement_verdict(req) if {
	not request.sharing_agreement(req)
} else := _with_consent_verdict(req) if {
	request.for_welfare_of_others(req)
	_involved_in_care(req)
} else := request.refer(
	["strict-agreements", request.recipient(req).clause],
	["refer-to-caldicott-guardian", "record-decision"],
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
