package sharing.processors_test

import data.sharing.processors

_hosting := {
	"recipient": "data-processor",
	"purpose": "individual-care",
	"information": ["care-record"],
	"consent": "not-asked",
	"processor_disclosed": true,
	"sharing_agreement": true,
}

test_applies_to_processors if {
	processors.applies(_hosting)
	not processors.applies(object.union(_hosting, {"recipient": "gp"}))
}

test_disclosed_processor_under_agreement if {
	processors.verdict(_hosting) == {
		"outcome": "share",
		"clauses": ["recipient-data-processors", "strict-agreements"],
		"obligations": ["follow-sharing-agreement"],
		"information": ["care-record"],
	}
}

test_refused if {
	processors.verdict(object.union(_hosting, {"consent": "refused"})) == {
		"outcome": "do-not-share",
		"clauses": ["recipient-data-processors", "refuse-withdraw"],
		"obligations": ["explain-refusal-implications"],
		"information": [],
	}
}

test_no_agreement if {
	processors.verdict(object.remove(_hosting, ["sharing_agreement"])) == {
		"outcome": "do-not-share",
		"clauses": ["recipient-data-processors", "strict-agreements"],
		"obligations": [],
		"information": [],
	}
}
