# METADATA
# title: What the trust never does
# description: |
#   Requests refused whatever the consent and whatever circumstance is claimed: purposes the notice
#   forbids, purposes that do not benefit the patient's care, processors patients have not been told
#   of, and anything the notice does not list.
package sharing.prohibitions

import data.sharing.request

# METADATA
# title: Never for marketing or insurance
# description: The notice forbids marketing and insurance outright, whatever the consent.
# custom:
#   clause: never-marketing-insurance
findings contains {"clause": "never-marketing-insurance"} if request.purpose.forbidden == true

# METADATA
# title: Only for purposes that benefit the patient's care
# description: A purpose that does not benefit the patient's care is not one the notice allows.
# custom:
#   clause: never-marketing-insurance
findings contains {"clause": "never-marketing-insurance"} if request.purpose.benefits_care == false

# METADATA
# title: Only processors patients have been told of
# description: Data processors receive nothing until patients have been informed of them.
# custom:
#   clause: recipient-data-processors
findings contains {"clause": "recipient-data-processors"} if {
	request.recipient.kind == "processor"
	not request.processor_disclosed
}

# METADATA
# title: Only what the notice lists
# description: |
#   A recipient, purpose, kind of information or circumstance the notice does not list is never shared
#   with or for. The runtime rejects such requests before they get here; this keeps the policy closed
#   on its own.
findings contains {"unknown": "recipient"} if not request.recipient

findings contains {"unknown": "purpose"} if not request.purpose

findings contains {"unknown": "information"} if {
	some id in request.information
	not data.notice.information[id]
}

findings contains {"unknown": "information"} if count(request.information) == 0

findings contains {"unknown": "circumstance"} if {
	some claim in request.claims
	not data.notice.circumstances[claim.id]
}

# METADATA
# description: Some prohibition applies.
applies if count(findings) > 0

# METADATA
# description: Do not share, citing every prohibition that applies.
verdict := {
	"outcome": "do-not-share",
	"clauses": {finding.clause | some finding in findings; finding.clause},
	"obligations": set(),
}
