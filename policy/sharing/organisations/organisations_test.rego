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
	organisations.applies with input as _gp
	not organisations.applies with input as object.union(_gp, {"recipient": "care-team"})
}

test_consent_necessity_and_agreement_share if {
	organisations.verdict == {
		"outcome": "share",
		"clauses": {"other-professionals", "strict-agreements", "recipient-gps"},
		"obligations": {"follow-sharing-agreement"},
	} with input as _gp
}

test_refusal_and_withdrawal if {
	every consent in ["refused", "withdrawn"] {
		organisations.verdict == {
			"outcome": "do-not-share",
			"clauses": {"other-professionals", "refuse-withdraw"},
			"obligations": {"explain-refusal-implications"},
		} with input as object.union(_gp, {"consent": consent})
	}
}

test_consent_not_asked if {
	organisations.verdict == {
		"outcome": "do-not-share",
		"clauses": {"other-professionals"},
		"obligations": {"ask-for-consent"},
	} with input as object.union(_gp, {"consent": "not-asked"})
}

test_not_necessary if {
	organisations.verdict == {
		"outcome": "do-not-share",
		"clauses": {"other-professionals"},
		"obligations": set(),
	} with input as object.union(_gp, {"necessary_for_care": false})
}

test_no_agreement if {
	organisations.verdict == {
		"outcome": "do-not-share",
		"clauses": {"strict-agreements", "recipient-gps"},
		"obligations": set(),
	} with input as object.remove(_gp, ["sharing_agreement"])
}

test_unable_to_consent_in_an_emergency if {
	organisations.verdict.outcome == "share-minimum" with input as object.union(
		_gp,
		{"consent": "unable-to-consent", "purpose": "emergency-care"},
	)
	organisations.verdict.outcome == "refer" with input as object.union(_gp, {"consent": "unable-to-consent"})
}

test_purposes_beyond_care_go_to_a_person if {
	organisations.verdict == {
		"outcome": "refer",
		"clauses": {"strict-agreements", "recipient-police-judicial"},
		"obligations": {"refer-to-caldicott-guardian"},
	} with input as object.union(_gp, {"recipient": "police-judicial", "purpose": "crime-investigation"})
}
