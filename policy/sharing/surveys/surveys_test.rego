package sharing.surveys_test

import data.sharing.surveys

_survey := {
	"recipient": "survey-contractor",
	"purpose": "patient-survey",
	"information": ["contact-details"],
	"consent": "not-asked",
}

_nothing(clauses, obligations) := {
	"outcome": "do-not-share",
	"clauses": clauses,
	"obligations": obligations,
	"information": [],
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
		"clauses": ["npsp"],
		"obligations": ["contact-details-only"],
		"information": ["contact-details"],
	}
}

test_more_than_contact_details if {
	surveys.verdict(object.union(_survey, {"information": ["care-record", "contact-details"]})) == {
		"outcome": "share-minimum",
		"clauses": ["npsp"],
		"obligations": ["contact-details-only"],
		"information": ["contact-details"],
	}
}

test_nothing_the_contractor_may_receive if {
	record_only := object.union(_survey, {"information": ["care-record"]})
	surveys.verdict(record_only) == _nothing(["npsp"], ["contact-details-only"])
}

test_refused if {
	surveys.verdict(object.union(_survey, {"consent": "withdrawn"})) == _nothing(["npsp", "refuse-withdraw"], [])
}

test_not_for_the_survey if {
	surveys.verdict(object.union(_survey, {"purpose": "individual-care"})) == _nothing(["npsp", "trust-surveys"], [])
}

test_the_trusts_own_surveys_honour_the_opt_out if {
	trust := object.union(_survey, {"purpose": "trust-survey", "opt_outs": {"national_data_opt_out": true}})
	surveys.verdict(trust) == _nothing(["trust-surveys", "national-data-opt-out"], ["continue-individual-care"])
	surveys.verdict(object.union(trust, {"consent": "given"})).clauses == ["trust-surveys"]
	surveys.verdict(object.union(trust, {"purpose": "patient-survey"})).outcome == "share"
}
