package sharing.careteam_test

import data.sharing.careteam

_care := {
	"recipient": "care-team",
	"purpose": "individual-care",
	"information": ["care-record"],
	"consent": "not-asked",
}

test_applies_to_the_care_team if {
	careteam.applies(_care)
	not careteam.applies(object.union(_care, {"recipient": "gp"}))
}

test_shares_for_care_on_implied_consent if {
	every consent in ["given", "not-asked"] {
		every purpose in ["individual-care", "emergency-care", "support-for-carers"] {
			careteam.verdict(object.union(_care, {"consent": consent, "purpose": purpose})) == {
				"outcome": "share",
				"clauses": ["care-team"],
				"obligations": [],
				"information": ["care-record"],
			}
		}
	}
}

test_best_interests_when_unable_to_consent if {
	careteam.verdict(object.union(_care, {"consent": "unable-to-consent"})) == {
		"outcome": "share",
		"clauses": ["care-team"],
		"obligations": ["best-interests"],
		"information": ["care-record"],
	}
}

test_refusal_stops_the_sharing if {
	every consent in ["refused", "withdrawn"] {
		careteam.verdict(object.union(_care, {"consent": consent})) == {
			"outcome": "do-not-share",
			"clauses": ["care-team", "refuse-withdraw"],
			"obligations": ["explain-refusal-implications"],
			"information": [],
		}
	}
}

test_nothing_beyond_care if {
	careteam.verdict(object.union(_care, {"purpose": "safeguarding"})) == {
		"outcome": "do-not-share",
		"clauses": ["care-team"],
		"obligations": [],
		"information": [],
	}
}
