package sharing.prohibitions_test

import data.sharing.prohibitions

_gp_care := {
	"recipient": "gp",
	"purpose": "individual-care",
	"information": ["care-record"],
	"consent": "given",
}

_nothing(clauses) := {"outcome": "do-not-share", "clauses": clauses, "obligations": [], "information": []}

test_nothing_prohibited_for_an_ordinary_request if {
	not prohibitions.applies(_gp_care)
	prohibitions.clauses(_gp_care) == []
}

test_marketing_and_insurance_are_forbidden if {
	every purpose in ["marketing", "insurance"] {
		prohibitions.applies(object.union(_gp_care, {"purpose": purpose}))
		prohibitions.verdict(object.union(_gp_care, {"purpose": purpose})) == _nothing(["never-marketing-insurance"])
	}
}

test_purposes_that_do_not_benefit_care if {
	prohibitions.verdict(object.union(
		_gp_care,
		{"purpose": "research-and-planning"},
	)) == _nothing(["never-marketing-insurance"])
}

test_undisclosed_processor if {
	processor := object.union(_gp_care, {"recipient": "data-processor"})
	prohibitions.applies(processor)
	prohibitions.verdict(processor) == _nothing(["recipient-data-processors"])
	not prohibitions.applies(object.union(processor, {"processor_disclosed": true}))
}

test_processor_only_as_instructed if {
	processor := object.union(_gp_care, {"recipient": "data-processor", "processor_disclosed": true})
	every purpose in [
		"crime-investigation",
		"court-proceedings",
		"public-health",
		"safeguarding",
		"mental-health-act",
	] {
		prohibitions.applies(object.union(processor, {"purpose": purpose}))
		prohibitions.verdict(object.union(processor, {"purpose": purpose})) == _nothing(["recipient-data-processors"])
	}
}

test_a_standing_circumstance_for_a_forbidden_purpose_goes_to_a_person if {
	court := object.union(_gp_care, {
		"recipient": "police-judicial",
		"purpose": "insurance",
		"circumstances": [{"id": "court-order", "status": "confirmed"}],
	})
	prohibitions.verdict(court) == {
		"outcome": "refer",
		"clauses": ["never-marketing-insurance", "no-consent", "circumstance-court-order"],
		"obligations": ["refer-to-caldicott-guardian", "record-decision"],
		"information": [],
	}
}

test_no_conflict_without_an_established_circumstance if {
	every claims in [[{"id": "court-order"}], [{"id": "court-order", "status": "confirmed"}, {"id": "court-order"}]] {
		prohibitions.verdict(object.union(_gp_care, {
			"recipient": "police-judicial",
			"purpose": "insurance",
			"circumstances": claims,
		})) == _nothing(["never-marketing-insurance"])
	}
}

test_no_circumstance_reaches_a_processor_for_a_forbidden_purpose if {
	prohibitions.verdict(object.union(_gp_care, {
		"recipient": "data-processor",
		"purpose": "marketing",
		"circumstances": [{"id": "child-at-risk"}],
	})) == _nothing(["never-marketing-insurance", "recipient-data-processors"])
}
