# The promises of practice the notice assumes, which keep the policy right for real practice and not
# only safe (content/promises.yaml): a court order is obeyed, implied consent lets care go on, a rejected
# claim never shares, and a patient shared about without consent is told. Part of sharing.promises
# (promises.rego has the helpers they share), proven with the others over every request of the space.
package sharing.promises

# METADATA
# title: A court order is obeyed, not refused
# description: |
#   A court order that stands, for a recipient it reaches, is obeyed: shared, for any purpose that benefits
#   care (by the usual rules where they share, otherwise what the order names; a purpose never shared for
#   goes to a person, conflicts-go-to-a-person), and a refusal is never given as the reason (the
#   circumstances the promise names by id in promises.yaml).
# custom:
#   promise: court-orders-honoured
broken contains "court-orders-honoured" if {
	_court_order_established
	not _not_for_care
	not _shared
}

broken contains "court-orders-honoured" if {
	_court_order_established
	"refuse-withdraw" in _clauses
}

# METADATA
# title: Care is not held up for want of a form
# description: |
#   Implied consent for treatment by those who provide it gets what consent given would get.
# custom:
#   promise: direct-care-not-blocked
broken contains "direct-care-not-blocked" if {
	_implied_counts
	not _malformed

	# The same request with consent given, decided by the same policy (well-formed as the request is).
	given := data.sharing.wellformed_verdict(object.union(input, {"consent": "given"}))
	[given.outcome, given.information] != [_outcome, _verdict[3]]
}

# METADATA
# title: A claim we turned down never makes us share
# description: A request with a rejected claim shares only if it would without that claim.
# custom:
#   promise: rejected-claims-never-share
broken contains "rejected-claims-never-share" if {
	_shared
	count(_rejected) > 0
	not _malformed
	without := data.sharing.wellformed_verdict(object.union(input, {"circumstances": [claim |
		some claim in input.circumstances
		not claim.id in _rejected
	]}))
	not without.outcome in {"share", "share-minimum"}
}

# METADATA
# title: We tell you when we share without your consent
# description: |
#   A share under a circumstance, or in the best interests of a patient who cannot consent, comes with
#   telling the patient (or recording why not).
# custom:
#   promise: told-when-shared-without-consent
broken contains "told-when-shared-without-consent" if {
	_shared_without_consent
	not "tell-patient" in {id | some id in _verdict[2]}
}

# A court order (the circumstances the promise names by id) stands for the recipient asked.
_court_order_established if {
	not _malformed
	some id in _court_orders
	id in _established
}

_court_orders := data.notice.promises["court-orders-honoured"].circumstances

# Shares the notice makes without consent and with no programme to tell of them: under a circumstance,
# or (share-minimum) in the best interests of a patient who cannot consent.
_shared_without_consent if {
	_shared
	not _consented
	_settled_and_cited
}

_shared_without_consent if {
	_outcome == "share-minimum"
	input.consent == "unable-to-consent"
	_purpose.treatment == true
}
