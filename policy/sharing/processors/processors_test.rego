package sharing.processors_test

import data.sharing.processors

_processor := {
	"recipient": "data-processor",
	"purpose": "individual-care",
	"information": ["care-record"],
	"consent": "not-asked",
	"processor_disclosed": true,
	"sharing_agreement": true,
}

test_applies_to_processors if {
	processors.applies(_processor)
	not processors.applies(object.union(_processor, {"recipient": "gp"}))
}

test_disclosed_processor_under_agreement if {
	processors.verdict(_processor).outcome == "share"
}

test_no_agreement if {
	processors.verdict(object.remove(_processor, ["sharing_agreement"])).outcome == "do-not-share"
}

test_refusal_goes_to_a_person if {
	processors.verdict(object.union(_processor, {"consent": "refused"})).outcome == "refer"
}
