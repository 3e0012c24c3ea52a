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

test_applies_to_listed_organisations if {
	organisations.applies(_gp)
	not organisations.applies(object.union(_gp, {"recipient": "care-team"}))
}

test_consent_necessity_and_agreement_share if {
	organisations.verdict(_gp) == {
		"outcome": "share",
		"clauses": ["other-professionals", "strict-agreements", "recipient-gps"],
		"obligations": ["follow-sharing-agreement"],
	}
}

test_refusal_and_withdrawal if {
	every consent in ["refused", "withdrawn"] {
		organisations.verdict(object.union(_gp, {"consent": consent})) == {
			"outcome": "do-not-share",
			"clauses": ["other-professionals", "refuse-withdraw"],
			"obligations": ["explain-refusal-implications"],
		}
	}
}

test_consent_not_asked if {
	organisations.verdict(object.union(_gp, {"consent": "not-asked"})) == {
		"outcome": "do-not-share",
		"clauses": ["other-professionals"],
		"obligations": ["ask-for-consent"],
	}
}

test_not_necessary if {
	organisations.verdict(object.union(_gp, {"necessary_for_care": false})) == {
		"outcome": "do-not-share",
		"clauses": ["other-professionals"],
		"obligations": [],
	}
}

test_no_agreement if {
	organisations.verdict(object.remove(_gp, ["sharing_agreement"])) == {
		"outcome": "do-not-share",
		"clauses": ["strict-agreements", "recipient-gps"],
		"obligations": [],
	}
}

test_unable_to_consent_in_an_emergency if {
	organisations.verdict(object.union(
		_gp,
		{"consent": "unable-to-consent", "purpose": "emergency-care"},
	)).outcome == "share-minimum"
	organisations.verdict(object.union(_gp, {"consent": "unable-to-consent"})).outcome == "refer"
}

test_purposes_beyond_care_go_to_a_person if {
	organisations.verdict(object.union(_gp, {"recipient": "police-judicial", "purpose": "crime-investigation"})) == {
		"outcome": "refer",
		"clauses": ["strict-agreements", "recipient-police-judicial"],
		"obligations": ["refer-to-caldicott-guardian"],
	}
}
