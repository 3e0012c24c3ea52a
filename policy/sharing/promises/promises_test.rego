package sharing.promises_test

import data.sharing.promises

_gp := {
	"recipient": "gp",
	"purpose": "individual-care",
	"information": ["care-record"],
	"consent": "given",
	"necessary_for_care": true,
	"sharing_agreement": true,
}

_share := ["share", ["other-professionals"], [], ["care-record"]]

_minimum(clauses) := ["share-minimum", clauses, [], ["care-record"]]

_nothing := ["do-not-share", ["other-professionals"], [], []]

# The promises a verdict on a request breaks.
_broken(request, verdict) := broken if {
	# regal ignore:with-outside-test-context,external-reference
	broken := promises.broken with input as request with data.sharing.verdict as verdict
}

test_the_policy_keeps_every_promise_on_these_requests if {
	every request in [
		_gp,
		object.union(_gp, {"purpose": "marketing"}),
		object.union(_gp, {"consent": "refused", "opt_outs": {"national_data_opt_out": true}}),
		object.union(
			_gp,
			{
				"recipient": "police-judicial",
				"purpose": "insurance",
				"circumstances": [{"id": "court-order", "status": "confirmed"}],
			},
		),
		object.union(
			_gp,
			{
				"recipient": "police-judicial",
				"consent": "refused",
				"purpose": "crime-investigation",
				"circumstances": [{"id": "serious-crime", "status": "confirmed"}],
			},
		),
		object.union(_gp, {"circumstances": [{"id": "other-legal-basis"}], "consent": "refused"}),
		object.union(_gp, {"circumstances": [{"id": "other-legal-basis"}]}),
		object.union(_gp, {"circumstances": [{"id": "other-legal-basis"}], "consent": "unable-to-consent"}),
		object.union(_gp, {"recipient": "nearest-relative", "consent": "unable-to-consent"}),
		object.union(_gp, {"recipient": "family-carers", "consent": "unable-to-consent"}),
		object.union(_gp, {"consent": "Given"}),
	] {
		promises.check[1] == [] with input as request
	}
}

test_check_answers_the_outcome_and_whether_the_request_is_malformed if {
	promises.check == [
		"share",
		[],
		false,
	] with input as _gp
	promises.check[2] with input as "not a request"
}

test_never_marketing_insurance if {
	"never-marketing-insurance" in _broken(object.union(_gp, {"purpose": "insurance"}), _share)
	"never-marketing-insurance" in _broken(object.union(_gp, {"purpose": "research-and-planning"}), _share)
	not "never-marketing-insurance" in _broken(object.union(_gp, {"purpose": "insurance"}), _nothing)
}

# The promise names marketing by id: data that says marketing is for the patient's care keeps it.
test_never_marketing_whatever_the_purposes_say if {
	marketing := object.union(_gp, {"purpose": "marketing"})
	"never-marketing-insurance" in promises.broken with input as marketing
		with data.sharing.verdict as _share
		with data.notice.purposes.marketing as {"forbidden": false, "benefits_care": true, "direct_care": true}
}

_routes_without_consent := [
	{"recipient": "care-team", "consent": "not-asked"},
	{
		"recipient": "survey-contractor",
		"purpose": "patient-survey",
		"consent": "not-asked",
		"information": ["contact-details"],
	},
	{
		"recipient": "nhs-england",
		"purpose": "nhs-contract-returns",
		"consent": "not-asked",
		"information": ["diagnoses"],
	},
	{"recipient": "shared-care-record", "consent": "not-asked"},
	{"recipient": "data-processor", "processor_disclosed": true, "consent": "not-asked"},
]

test_without_consent_only_where_the_notice_says if {
	every route in _routes_without_consent {
		request := object.union(_gp, route)
		not "without-consent-only" in _broken(request, ["share", [], [], request.information])
	}
	not "without-consent-only" in _broken(object.union(_gp, {"consent": "unable-to-consent"}), _minimum([]))
	not "without-consent-only" in _broken(
		object.union(_gp, {"recipient": "family-carers", "consent": "unable-to-consent"}),
		_minimum([]),
	)
	not "without-consent-only" in _broken(
		object.union(
			_gp,
			{
				"recipient": "local-authority",
				"purpose": "public-health",
				"consent": "not-asked",
				"circumstances": [{"id": "public-health"}],
			},
		),
		_minimum(["no-consent", "circumstance-public-health"]),
	)
	every wrong in [
		{"consent": "not-asked"},
		{"consent": "unable-to-consent", "recipient": "education"},
		{
			"recipient": "nhs-england",
			"purpose": "nhs-contract-returns",
			"consent": "not-asked",
			"opt_outs": {"national_data_opt_out": true},
		},
		{"recipient": "shared-care-record", "consent": "not-asked", "opt_outs": {"shared_care_record": true}},
		{"consent": "not-asked", "purpose": "safeguarding", "circumstances": [{"id": "harm-to-self"}]},
	] {
		"without-consent-only" in _broken(object.union(_gp, wrong), _minimum([]))
	}
}

test_without_consent_the_opt_out_is_honoured if {
	returns := object.union(_gp, {
		"recipient": "nhs-england", "purpose": "nhs-contract-returns",
		"consent": "not-asked", "information": ["diagnoses"],
	})
	returned := ["share", ["nhse-returns"], [], ["diagnoses"]]
	not "without-consent-only" in _broken(returns, returned)
	"without-consent-only" in _broken(object.union(returns, {"opt_outs": {"national_data_opt_out": true}}), returned)
}

test_consent_routes_only if {
	# Each route the notice names for a share with consent, decided as a share: no promise broken.
	every route in [
		{},
		{"recipient": "care-team", "necessary_for_care": false, "sharing_agreement": false},
		{"recipient": "family-carers", "sharing_agreement": false},
		{"recipient": "survey-contractor", "purpose": "patient-survey", "information": ["contact-details"]},
		{
			"recipient": "nhs-england", "purpose": "nhs-contract-returns",
			"information": ["diagnoses"], "opt_outs": {"national_data_opt_out": true},
		},
		{"recipient": "shared-care-record"},
		{"recipient": "data-processor", "processor_disclosed": true},
		{
			"recipient": "police-judicial", "purpose": "crime-investigation",
			"circumstances": [{"id": "serious-crime", "status": "confirmed"}],
		},
		{"recipient": "social-care", "purpose": "safeguarding"},
		{"recipient": "nearest-relative", "purpose": "mental-health-act"},
	] {
		request := object.union(_gp, route)
		not "consent-routes-only" in _broken(request, ["share", _cited(route), [], request.information])
	}

	# And shares the notice gives no route for.
	every wrong in [
		{"sharing_agreement": false},
		{"necessary_for_care": false},
		{"purpose": "court-proceedings"},
		{"recipient": "police-judicial"},
		{"recipient": "family-carers", "necessary_for_care": false},
		{"recipient": "nhs-england", "purpose": "nhs-contract-returns"},
		{"recipient": "care-team", "purpose": "safeguarding"},
		{"recipient": "police-judicial", "purpose": "crime-investigation", "circumstances": [{"id": "serious-crime"}]},
	] {
		request := object.union(_gp, wrong)
		"consent-routes-only" in _broken(request, ["share", ["circumstance-serious-crime"], [], request.information])
	}
	not "consent-routes-only" in _broken(object.union(_gp, {"consent": "not-asked"}), _share)
}

# The clauses a share on a route cites (a circumstance route cites its circumstance).
_cited(route) := ["circumstance-serious-crime"] if route.circumstances

else := []

test_reasons_agree if {
	unable := object.union(_gp, {"consent": "unable-to-consent"})
	"reasons-agree" in _broken(unable, _minimum(["other-professionals"]))
	not "reasons-agree" in _broken(unable, _minimum(["no-consent"]))
	not "reasons-agree" in _broken(_gp, _share)
	not "reasons-agree" in _broken(unable, ["do-not-share", ["other-professionals"], [], []])
}

test_refusal_stops_sharing if {
	refused := object.union(_gp, {"consent": "withdrawn"})
	"refusal-stops-sharing" in _broken(refused, _share)
	not "refusal-stops-sharing" in _broken(refused, _nothing)
	settled := object.union(
		refused,
		{"recipient": "local-authority", "purpose": "public-health", "circumstances": [{"id": "public-health"}]},
	)
	not "refusal-stops-sharing" in _broken(settled, _minimum(["no-consent", "circumstance-public-health"]))
	"refusal-stops-sharing" in _broken(settled, _minimum(["no-consent"]))

	# A refusal with nothing claimed does not go to a person; with a claim, it may.
	"refusal-stops-sharing" in _broken(refused, ["refer", ["refuse-withdraw"], [], []])
	not "refusal-stops-sharing" in _broken(settled, ["refer", ["no-consent"], [], []])
}

test_opt_out_keeps_care if {
	opted_out := object.union(_gp, {"opt_outs": {"national_data_opt_out": true}})
	not "opt-out-keeps-care" in promises.broken with input as opted_out

	# A policy where the opt-out stops care: the returns programme moved onto the GP's care.
	"opt-out-keeps-care" in promises.broken with input as object.union(opted_out, {"consent": "not-asked"})
		with data.notice.programmes["nhse-returns"].recipient as "gp"
		with data.notice.programmes["nhse-returns"].purposes as ["individual-care"]
		with data.notice.programmes["nhse-returns"].information as ["care-record"]
}

test_only_what_was_asked if {
	every verdict in [
		["share", [], [], []],
		["share-minimum", [], [], ["diagnoses"]],
		["share", [], [], ["care-record", "diagnoses"]],
		["refer", [], [], ["care-record"]],
	] {
		"only-what-was-asked" in _broken(_gp, verdict)
	}
	not "only-what-was-asked" in _broken(_gp, _share)
}

test_processors_act_for_us if {
	hosting := object.union(_gp, {"recipient": "data-processor", "processor_disclosed": true})
	not "processors-act-for-us" in _broken(hosting, _share)
	"processors-act-for-us" in _broken(object.union(hosting, {"purpose": "crime-investigation"}), _share)
	"processors-act-for-us" in _broken(hosting, _minimum(["no-consent"]))
}

test_conflicts_go_to_a_person if {
	court := object.union(
		_gp,
		{
			"recipient": "police-judicial",
			"purpose": "insurance",
			"circumstances": [{"id": "court-order", "status": "confirmed"}],
		},
	)
	"conflicts-go-to-a-person" in _broken(court, _nothing)
	"conflicts-go-to-a-person" in _broken(court, ["refer", ["never-marketing-insurance"], [], []])
	not "conflicts-go-to-a-person" in _broken(
		court,
		["refer", ["never-marketing-insurance", "circumstance-court-order"], [], []],
	)
}

test_conflicts_whoever_is_asked if {
	harm := object.union(
		_gp,
		{"purpose": "marketing", "circumstances": [{"id": "harm-to-self", "status": "confirmed"}]},
	)
	"conflicts-go-to-a-person" in _broken(harm, _nothing)
	not "conflicts-go-to-a-person" in _broken(
		object.union(harm, {"circumstances": [{"id": "harm-to-self", "status": "rejected"}]}),
		_nothing,
	)
	not "conflicts-go-to-a-person" in _broken(object.union(harm, {"recipient": "data-processor"}), _nothing)
}

test_unlisted_reasons_go_to_a_person if {
	other := object.union(_gp, {"consent": "refused", "circumstances": [{"id": "other-legal-basis"}]})
	not "unlisted-reasons-go-to-a-person" in promises.broken with input as other
	"unlisted-reasons-go-to-a-person" in promises.broken with input as other
		with data.sharing.exceptions.unsettled as _share_on_claims
	"unlisted-reasons-go-to-a-person" in _broken(other, _nothing)
	not "unlisted-reasons-go-to-a-person" in _broken(
		object.union(other, {"circumstances": [{"id": "other-legal-basis"}, {"id": "court-order"}]}),
		_nothing,
	)
}

test_unreadable_requests_not_shared if {
	"unreadable-requests-not-shared" in _broken(object.union(_gp, {"consent": "Given"}), _share)
	not "unreadable-requests-not-shared" in _broken(_gp, _share)
}

# A wrong policy: any claim makes it share.
_share_on_claims(req, route) := {
	"outcome": "share",
	"clauses": ["no-consent"],
	"obligations": [],
	"information": req.information,
} if {
	count(req.circumstances) > 0
} else := route
