package sharing.surveys_test

import data.sharing.surveys

_survey := {
	"recipient": "survey-contractor",
	"purpose": "patient-survey",
	"information": ["contact-details"],
	"consent": "not-asked",
}

test_applies_to_the_contractor_or_the_survey if {
	surveys.applies with input as _survey
	surveys.applies with input as object.union(_survey, {"recipient": "gp"})
	surveys.applies with input as object.union(_survey, {"purpose": "individual-care"})
	not surveys.applies with input as object.union(_survey, {"recipient": "gp", "purpose": "individual-care"})
}

test_contact_details_for_the_survey if {
	surveys.verdict == {
		"outcome": "share",
		"clauses": {"npsp", "trust-surveys"},
		"obligations": {"contact-details-only"},
	} with input as _survey
}

test_national_data_opt_out_does_not_stop_surveys if {
	surveys.verdict.outcome == "share" with input as object.union(_survey, {"opt_outs": {"national_data_opt_out": true}})
}

test_more_than_contact_details if {
	surveys.verdict == {
		"outcome": "share-minimum",
		"clauses": {"npsp", "trust-surveys"},
		"obligations": {"contact-details-only"},
	} with input as object.union(_survey, {"information": ["contact-details", "diagnoses"]})
}

test_refusal_stops_the_survey if {
	surveys.verdict == {
		"outcome": "do-not-share",
		"clauses": {"npsp", "refuse-withdraw"},
		"obligations": set(),
	} with input as object.union(_survey, {"consent": "withdrawn"})
}

test_contractor_only_for_surveys_and_surveys_only_by_contractor if {
	surveys.verdict.outcome == "do-not-share" with input as object.union(_survey, {"purpose": "individual-care"})
	surveys.verdict.outcome == "do-not-share" with input as object.union(_survey, {"recipient": "gp"})
}
