package sharing.relatives_test

import data.sharing.relatives

_carers := {
	"recipient": "family-carers",
	"purpose": "support-for-carers",
	"information": ["care-record"],
	"consent": "given",
	"necessary_for_care": true,
}

_nothing(clauses, obligations) := {
	"outcome": "do-not-share",
	"clauses": clauses,
	"obligations": obligations,
	"information": [],
}

test_applies_to_family_carers_and_the_nearest_relative if {
	relatives.applies(_carers)
	relatives.applies(object.union(_carers, {"recipient": "nearest-relative"}))
	not relatives.applies(object.union(_carers, {"recipient": "gp"}))
}

test_with_consent_when_necessary if {
	every recipient in ["family-carers", "nearest-relative"] {
		relatives.verdict(object.union(_carers, {"recipient": recipient})) == {
			"outcome": "share",
			"clauses": ["other-professionals"],
			"obligations": [],
			"information": ["care-record"],
		}
	}
}

test_refusal if {
	relatives.verdict(object.union(_carers, {"recipient": "nearest-relative", "consent": "refused"})) == _nothing(
		["other-professionals", "refuse-withdraw"],
		["explain-refusal-implications"],
	)
	relatives.verdict(object.union(
		_carers,
		{"recipient": "nearest-relative", "consent": "refused", "purpose": "mental-health-act"},
	)) == _nothing(["circumstance-mental-health-act", "refuse-withdraw"], [])
}

test_nearest_relative_under_the_act_with_consent if {
	relatives.verdict(object.union(_carers, {"recipient": "nearest-relative", "purpose": "mental-health-act"})) == {
		"outcome": "share",
		"clauses": ["circumstance-mental-health-act"],
		"obligations": [],
		"information": ["care-record"],
	}
}

test_best_interests if {
	relatives.verdict(object.union(_carers, {"consent": "unable-to-consent"})) == _nothing(["other-professionals"], [])
	relatives.verdict(object.union(_carers, {"consent": "unable-to-consent", "purpose": "individual-care"})) == {
		"outcome": "share-minimum",
		"clauses": ["care-team"],
		"obligations": ["best-interests", "minimum-necessary", "record-disclosure", "tell-patient"],
		"information": ["care-record"],
	}
}

test_not_asked if {
	relatives.verdict(object.union(_carers, {"consent": "not-asked"})) == _nothing(
		["other-professionals"],
		["ask-for-consent"],
	)
}

test_no_basis if {
	relatives.verdict(object.union(_carers, {"necessary_for_care": false})) == _nothing(["other-professionals"], [])
	relatives.verdict(object.union(
		_carers,
		{"recipient": "nearest-relative", "purpose": "mental-health-act", "consent": "not-asked"},
	)) == _nothing(
		["circumstance-mental-health-act"],
		[],
	)
}
