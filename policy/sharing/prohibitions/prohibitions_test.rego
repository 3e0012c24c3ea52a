package sharing.prohibitions_test

import data.sharing.prohibitions

_gp_care := {
	"recipient": "gp",
	"purpose": "individual-care",
	"information": ["care-record"],
	"consent": "given",
}

test_nothing_prohibited_for_an_ordinary_request if {
	not prohibitions.applies(_gp_care)
}

test_marketing_and_insurance_are_forbidden if {
	every purpose in ["marketing", "insurance"] {
		prohibitions.applies(object.union(_gp_care, {"purpose": purpose}))
		prohibitions.verdict(object.union(_gp_care, {"purpose": purpose})) == {
			"outcome": "do-not-share",
			"clauses": ["never-marketing-insurance"],
			"obligations": [],
		}
	}
}

test_purposes_that_do_not_benefit_care if {
	prohibitions.verdict(object.union(
		_gp_care,
		{"purpose": "research-and-planning"},
	)).clauses == ["never-marketing-insurance"]
}

test_undisclosed_processor if {
	prohibitions.applies(object.union(_gp_care, {"recipient": "data-processor"}))
	prohibitions.verdict(object.union(
		_gp_care,
		{"recipient": "data-processor"},
	)).clauses == ["recipient-data-processors"]
	not prohibitions.applies(object.union(
		_gp_care,
		{"recipient": "data-processor", "processor_disclosed": true},
	))
}

test_unknown_ids_are_never_shared_with if {
	prohibitions.findings(object.union(_gp_care, {"recipient": "insurer"})) == {{"unknown": "recipient"}}
	prohibitions.findings(object.union(_gp_care, {"purpose": "sale"})) == {{"unknown": "purpose"}}
	prohibitions.findings(object.union(_gp_care, {"information": ["dna"]})) == {{"unknown": "information"}}
	prohibitions.findings(object.union(_gp_care, {"information": []})) == {{"unknown": "information"}}
	prohibitions.findings(object.union(
		_gp_care,
		{"circumstances": [{"id": "curiosity"}]},
	)) == {{"unknown": "circumstance"}}
	every unlisted in [
		{"recipient": "insurer"},
		{"purpose": "sale"},
		{"information": ["dna"]},
		{"information": "care-record"},
		{"circumstances": [{"id": "curiosity"}]},
	] {
		prohibitions.applies(object.union(_gp_care, unlisted))
	}
	verdict := prohibitions.verdict({})
	verdict.outcome == "do-not-share"
	count(verdict.clauses) == 0
}
