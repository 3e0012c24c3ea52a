package sharing.returns_test

import data.sharing.returns

_returns := {
	"recipient": "nhs-england",
	"purpose": "nhs-contract-returns",
	"information": ["referrals", "diagnoses"],
	"consent": "not-asked",
}

_nothing(clauses, obligations) := {
	"outcome": "do-not-share",
	"clauses": clauses,
	"obligations": obligations,
	"information": [],
}

test_applies_to_the_returns if {
	returns.applies(_returns)
	not returns.applies(object.union(_returns, {"purpose": "individual-care"}))
}

test_listed_kinds_go if {
	returns.verdict(_returns) == {
		"outcome": "share",
		"clauses": ["nhse-returns"],
		"obligations": [],
		"information": ["diagnoses", "referrals"],
	}
}

test_only_the_listed_kinds if {
	returns.verdict(object.union(_returns, {"information": ["care-record", "diagnoses"]})) == {
		"outcome": "share-minimum",
		"clauses": ["nhse-returns"],
		"obligations": ["returns-information-only"],
		"information": ["diagnoses"],
	}
}

test_nothing_listed_asked if {
	returns.verdict(object.union(_returns, {"information": ["care-record"]})) == _nothing(
		["nhse-returns"],
		["returns-information-only"],
	)
}

test_only_nhs_england if {
	returns.verdict(object.union(_returns, {"recipient": "gp"})) == _nothing(["nhse-returns"], [])
}

test_opt_out_honoured_unless_consent if {
	opted_out := object.union(_returns, {"opt_outs": {"national_data_opt_out": true}})
	returns.verdict(opted_out) == _nothing(["nhse-returns", "national-data-opt-out"], ["continue-individual-care"])
	returns.verdict(object.union(opted_out, {"consent": "given"})).outcome == "share"
}

test_refusal_honoured_like_the_opt_out if {
	returns.verdict(object.union(_returns, {"consent": "refused"})) == _nothing(
		["nhse-returns", "national-data-opt-out", "refuse-withdraw"],
		["continue-individual-care"],
	)
}
