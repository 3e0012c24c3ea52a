package sharing.wellformed_test

import data.sharing.wellformed

_request := {
	"recipient": "police-judicial",
	"purpose": "crime-investigation",
	"information": ["care-record", "diagnoses"],
	"consent": "refused",
	"circumstances": [{"id": "serious-crime", "status": "confirmed"}],
	"opt_outs": {"national_data_opt_out": false, "shared_care_record": true},
	"necessary_for_care": true,
	"sharing_agreement": false,
	"processor_disclosed": false,
}

test_a_well_formed_request if {
	not wellformed.malformed(_request)
	wellformed.problems(_request) == set()
	not wellformed.malformed({
		"recipient": "gp",
		"purpose": "individual-care",
		"information": ["care-record"],
		"consent": "given",
	})
}

_broken := [
	[{"consent": "Refused"}, "/consent"],
	[{"consent": "refused "}, "/consent"],
	[{"consent": null}, "/consent"],
	[{"consent": ["refused"]}, "/consent"],
	[{"recipient": "insurer"}, "/recipient"],
	[{"necessary_for_care": "true"}, "/necessary_for_care"],
	[{"information": []}, "/information"],
	[{"information": "care-record"}, "/information"],
	[{"information": ["care-record", "care-record"]}, "/information"],
	[{"information": ["dna"]}, "/information"],
	[
		{"information": [
			"care-record", "care-record", "care-record", "care-record", "care-record", "care-record", "care-record",
			"care-record", "care-record", "care-record", "care-record", "care-record", "care-record", "care-record",
			"care-record", "care-record", "care-record", "care-record", "care-record", "care-record", "care-record",
			"care-record", "care-record", "care-record", "care-record", "care-record", "care-record", "care-record",
			"care-record", "care-record", "care-record", "care-record", "care-record",
		]},
		"/information",
	],
	[{"circumstances": [{"id": "serious-crime", "confirmed": "true"}]}, "/circumstances"],
	[{"circumstances": [{"status": "confirmed"}]}, "/circumstances"],
	[{"circumstances": [{"id": "minor-theft"}]}, "/circumstances"],
	[{"circumstances": [{"id": "serious-crime", "by": "x"}]}, "/circumstances"],
	[{"circumstances": ["serious-crime"]}, "/circumstances"],
	[{"circumstances": {"id": "serious-crime"}}, "/circumstances"],
	[{"opt_outs": {"national_data_opt_out": "true"}}, "/opt_outs"],
	[{"opt_outs": {"national": true}}, "/opt_outs"],
	[{"opt_outs": true}, "/opt_outs"],
]

test_each_way_of_breaking_a_member if {
	every broken in _broken {
		request := object.union(_request, broken[0])
		wellformed.malformed(request)
		wellformed.problems(request) == {{"path": broken[1], "keyword": "schema"}}
	}
}

test_missing_and_unknown_members if {
	wellformed.problems(object.remove(_request, ["consent"])) == {{"path": "/consent", "keyword": "required"}}
	wellformed.malformed(object.remove(_request, ["consent"]))
	wellformed.problems(object.union(_request, {"Consent": "refused"})) == {{
		"path": "/Consent",
		"keyword": "additionalProperties",
	}}
	wellformed.malformed(object.union(_request, {"Consent": "refused"}))
}

test_not_an_object if {
	every request in [null, [], "share", 1, true] {
		wellformed.malformed(request)
		wellformed.problems(request) == {{"path": "", "keyword": "type"}}
	}
}
