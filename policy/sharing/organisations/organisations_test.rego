package sharing.organisations_test

import data.sharing.organisations

_gp := {
	"recipient": "gp",
	"purpose": "individual-care",
	"information": ["care-record"],
	"consent": "given",
	"necessary_for_care": true,
	"sharing_agreement": true,
}

_with(changes) := object.union(_gp, changes)

_nothing(clauses, obligations) := {
	"outcome": "do-not-share",
	"clauses": clauses,
	"obligations": obligations,
	"information": [],
}

test_applies_to_listed_organisations if {
	organisations.applies(_gp)
	not organisations.applies(_with({"recipient": "care-team"}))
}

test_consent_necessity_and_agreement_share if {
	organisations.verdict(_gp) == {
		"outcome": "share",
		"clauses": ["other-professionals", "strict-agreements", "recipient-gps"],
		"obligations": ["follow-sharing-agreement"],
		"information": ["care-record"],
	}
}

test_refusal_and_withdrawal if {
	every consent in ["refused", "withdrawn"] {
		organisations.verdict(_with({"consent": consent})) == _nothing(
			["other-professionals", "refuse-withdraw"],
			["explain-refusal-implications"],
		)

		# A refusal to the police affects no care: nothing to warn the patient of.
		organisations.verdict(_with({
			"consent": consent,
			"recipient": "police-judicial",
			"purpose": "crime-investigation",
		})) == _nothing(["other-professionals", "refuse-withdraw"], [])
	}
}

test_implied_consent_for_treatment_by_a_provider if {
	every purpose in ["individual-care", "emergency-care"] {
		implied := organisations.verdict(_with({"consent": "implied", "purpose": purpose}))
		implied == organisations.verdict(_with({"purpose": purpose}))
	}
	organisations.verdict(_with({"consent": "implied", "sharing_agreement": false})) == _nothing(
		["strict-agreements", "recipient-gps"],
		[],
	)
}

test_implied_consent_elsewhere_is_not_asked if {
	every changes in [
		{"purpose": "support-for-carers"},
		{"recipient": "education"},
	] {
		organisations.verdict(_with(object.union({"consent": "implied"}, changes))) == _nothing(
			["other-professionals"],
			["ask-for-consent"],
		)
	}
	organisations.verdict(_with({"consent": "implied", "purpose": "safeguarding"})) == _nothing(
		["other-professionals", "no-consent"],
		["ask-for-consent"],
	)
}

test_consent_not_asked if {
	organisations.verdict(_with({"consent": "not-asked"})) == _nothing(["other-professionals"], ["ask-for-consent"])
}

test_not_necessary if {
	organisations.verdict(_with({"necessary_for_care": false})) == _nothing(["other-professionals"], [])
}

test_no_agreement if {
	organisations.verdict(object.remove(_gp, ["sharing_agreement"])) == _nothing(
		["strict-agreements", "recipient-gps"],
		[],
	)
}

test_no_part_in_care_gets_nothing_even_with_consent if {
	organisations.verdict(_with({"recipient": "nhs-england"})) == _nothing(["other-professionals"], [])
	organisations.verdict(_with({
		"recipient": "police-judicial",
		"consent": "not-asked",
	})) == _nothing(["other-professionals"], [])
}

test_involved_in_care_with_consent if {
	organisations.verdict(_with({"recipient": "education", "purpose": "support-for-carers"})).outcome == "share"
}

test_best_interests_for_those_providing_care if {
	organisations.verdict(_with({
		"recipient": "ambulance-trust",
		"purpose": "emergency-care",
		"consent": "unable-to-consent",
	})) == {
		"outcome": "share-minimum",
		"clauses": ["strict-agreements", "recipient-ambulance-trusts"],
		"obligations": [
			"best-interests", "follow-sharing-agreement", "minimum-necessary",
			"record-disclosure", "tell-patient",
		],
		"information": ["care-record"],
	}
}

test_emergency_without_an_agreement_in_vital_interests if {
	organisations.verdict(_with({
		"recipient": "nhs-trust",
		"purpose": "emergency-care",
		"consent": "unable-to-consent",
		"sharing_agreement": false,
	})) == {
		"outcome": "share-minimum",
		"clauses": ["care-team", "recipient-nhs-trusts"],
		"obligations": ["best-interests", "minimum-necessary", "record-disclosure", "tell-patient"],
		"information": ["care-record"],
	}
}

test_other_treatment_without_an_agreement_goes_to_a_person if {
	organisations.verdict(_with({"consent": "unable-to-consent", "sharing_agreement": false})) == {
		"outcome": "refer",
		"clauses": ["strict-agreements", "recipient-gps"],
		"obligations": ["best-interests", "refer-to-caldicott-guardian", "record-decision"],
		"information": [],
	}
}

test_best_interests_reaches_no_one_else if {
	unable := _with({"consent": "unable-to-consent", "purpose": "emergency-care"})
	every changes in [
		{"recipient": "education"},
		{"recipient": "police-judicial"},
		{"recipient": "nhs-england"},
		{"necessary_for_care": false},
		{"purpose": "support-for-carers"},
	] {
		organisations.verdict(object.union(unable, changes)) == _nothing(["other-professionals"], ["best-interests"])
	}
}

test_beyond_care_with_consent_goes_to_a_person if {
	organisations.verdict(_with({"recipient": "education", "purpose": "mental-health-act"})) == {
		"outcome": "refer",
		"clauses": ["strict-agreements", "recipient-education"],
		"obligations": ["refer-to-caldicott-guardian", "record-decision"],
		"information": [],
	}
}

test_beyond_care_with_consent_needs_the_need_and_the_agreement if {
	organisations.verdict(_with({"purpose": "crime-investigation", "necessary_for_care": false})) == _nothing(
		["other-professionals"],
		[],
	)
	organisations.verdict(_with({"purpose": "crime-investigation", "sharing_agreement": false})) == _nothing(
		["strict-agreements", "recipient-gps"],
		[],
	)
}

test_welfare_of_others_with_consent if {
	organisations.verdict(_with({"recipient": "social-care", "purpose": "safeguarding"})) == {
		"outcome": "share",
		"clauses": ["other-professionals", "strict-agreements", "recipient-social-care"],
		"obligations": ["follow-sharing-agreement"],
		"information": ["care-record"],
	}

	# The police take no part in the patient's care: a person decides.
	organisations.verdict(_with({"recipient": "police-judicial", "purpose": "safeguarding"})).outcome == "refer"
}

test_beyond_care_without_consent_gets_nothing if {
	every consent, obligations in {"not-asked": ["ask-for-consent"], "unable-to-consent": []} {
		organisations.verdict(_with({
			"recipient": "police-judicial",
			"purpose": "crime-investigation",
			"consent": consent,
		})) == _nothing(["other-professionals", "no-consent"], obligations)
	}
}
