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
	processors.applies with input as _processor
	not processors.applies with input as object.union(_processor, {"recipient": "gp"})
}

test_disclosed_processor_under_agreement if {
	processors.verdict.outcome == "share" with input as _processor
}

test_no_agreement if {
	processors.verdict.outcome == "do-not-share" with input as object.remove(_processor, ["sharing_agreement"])
}

test_refusal_goes_to_a_person if {
	processors.verdict.outcome == "refer" with input as object.union(_processor, {"consent": "refused"})
}
