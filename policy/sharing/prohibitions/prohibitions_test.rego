package sharing.prohibitions_test

import data.sharing.prohibitions

_gp_care := {
	"recipient": "gp",
	"purpose": "individual-care",
	"information": ["care-record"],
	"consent": "given",
}

test_nothing_prohibited_for_an_ordinary_request if {
	not prohibitions.applies with input as _gp_care
}

test_marketing_and_insurance_are_forbidden if {
	every purpose in ["marketing", "insurance"] {
		prohibitions.verdict == {
			"outcome": "do-not-share",
			"clauses": {"never-marketing-insurance"},
			"obligations": set(),
		} with input as object.union(_gp_care, {"purpose": purpose})
	}
}

test_purposes_that_do_not_benefit_care if {
	prohibitions.verdict.clauses == {"never-marketing-insurance"} with input as object.union(
		_gp_care,
		{"purpose": "research-and-planning"},
	)
}

test_undisclosed_processor if {
	prohibitions.verdict.clauses == {"recipient-data-processors"} with input as object.union(
		_gp_care,
		{"recipient": "data-processor"},
	)
	not prohibitions.applies with input as object.union(
		_gp_care,
		{"recipient": "data-processor", "processor_disclosed": true},
	)
}

test_unknown_ids_are_never_shared_with if {
	prohibitions.findings == {{"unknown": "recipient"}} with input as object.union(_gp_care, {"recipient": "insurer"})
	prohibitions.findings == {{"unknown": "purpose"}} with input as object.union(_gp_care, {"purpose": "sale"})
	prohibitions.findings == {{"unknown": "information"}} with input as object.union(_gp_care, {"information": ["dna"]})
	prohibitions.findings == {{"unknown": "information"}} with input as object.union(_gp_care, {"information": []})
	prohibitions.findings == {{"unknown": "circumstance"}} with input as object.union(
		_gp_care,
		{"circumstances": [{"id": "curiosity"}]},
	)
	verdict := prohibitions.verdict with input as {}
	verdict.outcome == "do-not-share"
	count(verdict.clauses) == 0
}
