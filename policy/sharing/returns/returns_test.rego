package sharing.returns_test

import data.sharing.returns

_returns := {
	"recipient": "nhs-england",
	"purpose": "nhs-contract-returns",
	"information": ["referrals", "diagnoses"],
	"consent": "not-asked",
}

test_applies_to_the_returns if {
	returns.applies(_returns)
	not returns.applies(object.union(_returns, {"purpose": "individual-care"}))
}

test_listed_information_is_sent if {
	returns.verdict(_returns) == {"outcome": "share", "clauses": ["nhse-returns"], "obligations": []}
}

test_other_information_is_held_back if {
	returns.verdict(object.union(_returns, {"information": ["diagnoses", "contact-details"]})) == {
		"outcome": "share-minimum",
		"clauses": ["nhse-returns"],
		"obligations": ["returns-information-only"],
	}
}

test_national_data_opt_out_is_honoured if {
	returns.verdict(object.union(_returns, {"opt_outs": {"national_data_opt_out": true}})) == {
		"outcome": "do-not-share",
		"clauses": ["nhse-returns", "national-data-opt-out"],
		"obligations": ["continue-individual-care"],
	}
}

test_consent_overrides_the_opt_out if {
	returns.verdict(object.union(
		_returns,
		{"consent": "given", "opt_outs": {"national_data_opt_out": true}},
	)).outcome == "share"
}

test_refusal_goes_to_a_person if {
	returns.verdict(object.union(_returns, {"consent": "refused"})).outcome == "refer"
}

test_returns_go_to_nhs_england_only if {
	returns.verdict(object.union(_returns, {"recipient": "icb-ics"})) == {
		"outcome": "do-not-share",
		"clauses": ["nhse-returns"],
		"obligations": [],
	}
}
