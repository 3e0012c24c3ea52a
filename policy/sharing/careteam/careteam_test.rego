package sharing.careteam_test

import data.sharing.careteam

_care := {
	"recipient": "care-team",
	"purpose": "individual-care",
	"information": ["care-record"],
	"consent": "not-asked",
}

test_applies_to_the_care_team_only if {
	careteam.applies(_care)
	not careteam.applies(object.union(_care, {"recipient": "gp"}))
}

test_implied_consent if {
	every consent in ["given", "not-asked"] {
		verdict := careteam.verdict(object.union(_care, {"consent": consent}))
		verdict == {"outcome": "share", "clauses": ["care-team"], "obligations": []}
	}
}

test_unable_to_consent_in_best_interests if {
	verdict := careteam.verdict(object.union(
		_care,
		{"consent": "unable-to-consent", "purpose": "emergency-care"},
	))
	verdict == {"outcome": "share", "clauses": ["care-team"], "obligations": ["best-interests"]}
}

test_refusal_goes_to_a_person if {
	every consent in ["refused", "withdrawn"] {
		careteam.verdict(object.union(_care, {"consent": consent})) == {
			"outcome": "refer",
			"clauses": ["care-team", "refuse-withdraw"],
			"obligations": ["explain-refusal-implications", "refer-to-caldicott-guardian"],
		}
	}
}

test_other_purposes_go_to_a_person if {
	careteam.verdict(object.union(_care, {"purpose": "safeguarding"})) == {
		"outcome": "refer",
		"clauses": ["care-team"],
		"obligations": ["refer-to-caldicott-guardian"],
	}
}
