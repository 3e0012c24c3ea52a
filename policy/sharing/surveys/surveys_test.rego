package sharing.surveys_test

import data.sharing.surveys

_survey := {
	"recipient": "survey-contractor",
	"purpose": "patient-survey",
	"information": ["contact-details"],
	"consent": "not-asked",
}

test_applies_to_the_contractor_or_the_survey if {
	surveys.applies(_survey)
	surveys.applies(object.union(_survey, {"recipient": "gp"}))
	surveys.applies(object.union(_survey, {"purpose": "individual-care"}))
	not surveys.applies(object.union(_survey, {"recipient": "gp", "purpose": "individual-care"}))
}

test_contact_details_for_the_survey if {
	surveys.verdict(_survey) == {
		"outcome": "share",
		"clauses": ["npsp", "trust-surveys"],
		"obligations": ["contact-details-only"],
	}
}

test_national_data_opt_out_does_not_stop_surveys if {
	surveys.verdict(object.union(_survey, {"opt_outs": {"national_data_opt_out": true}})).outcome == "share"
}

test_more_than_contact_details if {
	surveys.verdict(object.union(_survey, {"information": ["contact-details", "diagnoses"]})) == {
		"outcome": "share-minimum",
		"clauses": ["npsp", "trust-surveys"],
		"obligations": ["contact-details-only"],
	}
}

test_refusal_stops_the_survey if {
	surveys.verdict(object.union(_survey, {"consent": "withdrawn"})) == {
		"outcome": "do-not-share",
		"clauses": ["npsp", "refuse-withdraw"],
		"obligations": [],
	}
}

test_contractor_only_for_surveys_and_surveys_only_by_contractor if {
	surveys.verdict(object.union(_survey, {"purpose": "individual-care"})).outcome == "do-not-share"
	surveys.verdict(object.union(_survey, {"recipient": "gp"})).outcome == "do-not-share"
}
