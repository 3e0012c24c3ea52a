package sharing.promises_test

# The promises of practice.rego (the helpers are promises_test.rego's).

import data.sharing.promises

_court := object.union(_gp, {
	"recipient": "local-authority",
	"purpose": "court-proceedings",
	"consent": "refused",
	"circumstances": [{"id": "court-order", "status": "confirmed"}],
})

test_court_orders_honoured if {
	not "court-orders-honoured" in promises.broken with input as _court
	"court-orders-honoured" in _broken(_court, _nothing)
	not "court-orders-honoured" in promises.broken with input as object.union(_court, {"consent": "Refused"})
	"court-orders-honoured" in _broken(_court, ["do-not-share", ["refuse-withdraw"], [], []])
	"court-orders-honoured" in _broken(_court, ["refer", ["other-professionals", "refuse-withdraw"], [], []])
	"court-orders-honoured" in _broken(_court, ["refer", ["no-consent", "circumstance-court-order"], [], []])
	not "court-orders-honoured" in _broken(_court, _minimum(["strict-agreements"]))
	not "court-orders-honoured" in _broken(_court, _minimum(["no-consent", "circumstance-court-order"]))
	not "court-orders-honoured" in _broken(
		object.union(_court, {"circumstances": [{"id": "court-order"}]}),
		_nothing,
	)
}

test_direct_care_not_blocked if {
	every recipient in ["gp", "care-team", "ambulance-trust"] {
		implied := object.union(_gp, {"recipient": recipient, "consent": "implied", "purpose": "emergency-care"})
		not "direct-care-not-blocked" in promises.broken with input as implied
		"direct-care-not-blocked" in _broken(implied, _nothing)
	}

	# Implied consent counts only for treatment by those who provide it.
	not "direct-care-not-blocked" in _broken(object.union(_gp, {"consent": "implied", "recipient": "education"}), _nothing)
	support := object.union(_gp, {"consent": "implied", "purpose": "support-for-carers"})
	not "direct-care-not-blocked" in _broken(support, _nothing)
}

test_implied_consent_is_consent_only_where_it_counts if {
	implied := object.union(_gp, {"consent": "implied"})
	not "reasons-agree" in _broken(implied, _share)
	not "without-consent-only" in _broken(implied, _share)
	elsewhere := object.union(implied, {"recipient": "education"})
	"reasons-agree" in _broken(elsewhere, _share)
	"without-consent-only" in _broken(elsewhere, _share)
}

test_rejected_claims_never_share if {
	rejected := object.union(_gp, {
		"recipient": "police-judicial",
		"purpose": "crime-investigation",
		"consent": "refused",
		"circumstances": [{"id": "serious-crime", "status": "rejected"}],
	})
	not "rejected-claims-never-share" in promises.broken with input as rejected
	"rejected-claims-never-share" in _broken(rejected, _minimum(["no-consent", "circumstance-serious-crime"]))

	# A share that would happen without the rejected claim does not rest on it.
	not "rejected-claims-never-share" in _broken(
		object.union(_gp, {"circumstances": [{"id": "serious-crime", "status": "rejected"}]}),
		_share,
	)
}

test_told_when_shared_without_consent if {
	crime := object.union(_gp, {
		"recipient": "police-judicial",
		"purpose": "crime-investigation",
		"consent": "refused",
		"circumstances": [{"id": "serious-crime", "status": "confirmed"}],
	})
	not "told-when-shared-without-consent" in promises.broken with input as crime
	told := ["share-minimum", ["no-consent", "circumstance-serious-crime"], ["tell-patient"], ["care-record"]]
	not "told-when-shared-without-consent" in _broken(crime, told)
	"told-when-shared-without-consent" in _broken(crime, _minimum(["no-consent", "circumstance-serious-crime"]))
	unable := object.union(_gp, {"consent": "unable-to-consent", "recipient": "nhs-trust", "purpose": "emergency-care"})
	not "told-when-shared-without-consent" in promises.broken with input as unable
	"told-when-shared-without-consent" in _broken(unable, _minimum(["care-team"]))
	not "told-when-shared-without-consent" in _broken(
		object.union(unable, {"sharing_agreement": false}),
		["share-minimum", ["care-team"], ["tell-patient"], ["care-record"]],
	)
}
