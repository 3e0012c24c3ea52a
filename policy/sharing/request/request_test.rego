package sharing.request_test

import data.sharing.request

test_recipient_is_looked_up if {
	request.recipient.kind == "organisation" with input as {"recipient": "gp"}
}

test_unknown_recipient_is_undefined if {
	not request.recipient with input as {"recipient": "insurer"}
}

test_absent_fields_read_as_no if {
	not request.necessary_for_care with input as {}
	not request.sharing_agreement with input as {}
	not request.processor_disclosed with input as {}
	not request.national_data_opt_out with input as {}
	not request.objects_to_shared_care_record with input as {}
	count(request.claims) == 0 with input as {}
}

test_only_true_counts_as_yes if {
	not request.sharing_agreement with input as {"sharing_agreement": "yes"}
	request.sharing_agreement with input as {"sharing_agreement": true}
}

test_consent_states if {
	request.refused with input as {"consent": "refused"}
	request.refused with input as {"consent": "withdrawn"}
	request.consented with input as {"consent": "given"}
	request.unable_to_consent with input as {"consent": "unable-to-consent"}
	request.not_asked with input as {"consent": "not-asked"}
	not request.refused with input as {"consent": "given"}
}

test_request_parts if {
	request.information == {"contact-details", "diagnoses"} with input as {"information": ["diagnoses", "contact-details"]}
	request.claims == {{"id": "court-order"}} with input as {"circumstances": [{"id": "court-order"}]}
	request.processor_disclosed with input as {"processor_disclosed": true}
	request.necessary_for_care with input as {"necessary_for_care": true}
	request.national_data_opt_out with input as {"opt_outs": {"national_data_opt_out": true}}
	request.objects_to_shared_care_record with input as {"opt_outs": {"shared_care_record": true}}
	request.for_individual_care with input as {"purpose": "individual-care"}
	not request.for_individual_care with input as {"purpose": "research-and-planning"}
}
