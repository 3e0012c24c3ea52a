package sharing.request_test

import data.sharing.request

test_recipient_is_looked_up if {
	request.recipient({"recipient": "gp"}).kind == "organisation"
}

test_unknown_recipient_is_undefined if {
	not request.recipient({"recipient": "insurer"})
}

test_absent_fields_read_as_no if {
	not request.necessary_for_care({})
	not request.sharing_agreement({})
	not request.processor_disclosed({})
	not request.national_data_opt_out({})
	not request.objects_to_shared_care_record({})
}

test_only_true_counts_as_yes if {
	not request.sharing_agreement({"sharing_agreement": "yes"})
	request.sharing_agreement({"sharing_agreement": true})
}

test_consent_states if {
	request.refused({"consent": "refused"})
	request.refused({"consent": "withdrawn"})
	request.consented({"consent": "given"})
	request.unable_to_consent({"consent": "unable-to-consent"})
	request.not_asked({"consent": "not-asked"})
	not request.refused({"consent": "given"})
}

test_implied_consent_counts_only_for_treatment_by_those_who_provide_it if {
	every recipient in ["care-team", "gp", "icb-ics"] {
		request.agreed({"consent": "implied", "recipient": recipient, "purpose": "emergency-care"})
		not request.not_asked({"consent": "implied", "recipient": recipient, "purpose": "emergency-care"})
	}
	every elsewhere in [
		{"consent": "implied", "recipient": "education", "purpose": "individual-care"},
		{"consent": "implied", "recipient": "gp", "purpose": "support-for-carers"},
		{"consent": "implied", "recipient": "family-carers", "purpose": "individual-care"},
	] {
		not request.agreed(elsewhere)
		request.not_asked(elsewhere)
	}
	request.agreed({"consent": "given"})
}

test_claim_status if {
	request.status({"id": "court-order"}) == "waiting"
	request.status({"id": "court-order", "status": "rejected"}) == "rejected"
}

test_request_parts if {
	request.information({"information": ["diagnoses", "contact-details"]}) == {"contact-details", "diagnoses"}
	request.processor_disclosed({"processor_disclosed": true})
	request.necessary_for_care({"necessary_for_care": true})
	request.national_data_opt_out({"opt_outs": {"national_data_opt_out": true}})
	request.objects_to_shared_care_record({"opt_outs": {"shared_care_record": true}})
	request.for_direct_care({"purpose": "support-for-carers"})
	request.for_treatment({"purpose": "emergency-care"})
	not request.for_treatment({"purpose": "support-for-carers"})
	not request.for_direct_care({"purpose": "safeguarding"})
	request.asked({"information": ["diagnoses", "contact-details", "diagnoses"]}) == ["contact-details", "diagnoses"]
}

test_verdicts_that_send_nothing if {
	request.nothing(["a"], ["b"]) == {
		"outcome": "do-not-share",
		"clauses": ["a"],
		"obligations": ["b"],
		"information": [],
	}
	request.refer(["a"], ["b"]) == {"outcome": "refer", "clauses": ["a"], "obligations": ["b"], "information": []}
}
