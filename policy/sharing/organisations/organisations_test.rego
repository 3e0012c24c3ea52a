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

test_refusal_and_withdrawal_for_any_purpose if {
	every consent in ["refused", "withdrawn"] {
		every purpose in ["individual-care", "crime-investigation"] {
			organisations.verdict(_with({"consent": consent, "purpose": purpose})) == _nothing(
				["other-professionals", "refuse-withdraw"],
				["explain-refusal-implications"],
			)
		}
	}
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
		"clauses": ["no-consent", "strict-agreements", "recipient-ambulance-trusts"],
		"obligations": ["best-interests", "follow-sharing-agreement", "minimum-necessary", "record-disclosure"],
		"information": ["care-record"],
	}
}

test_best_interests_without_an_agreement_cite_it if {
	organisations.verdict(_with({
		"recipient": "ambulance-trust",
		"purpose": "emergency-care",
		"consent": "unable-to-consent",
		"sharing_agreement": false,
	})) == _nothing(["strict-agreements", "recipient-ambulance-trusts"], ["best-interests"])
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
		"obligations": ["refer-to-caldicott-guardian"],
		"information": [],
	}
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
