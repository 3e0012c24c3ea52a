# METADATA
# title: Data processors
# description: |
#   Data processors the patient has been told of handle information on the trust's behalf, under an
#   agreement on how it will be used. (Undisclosed processors are refused in sharing.prohibitions.)
package sharing.processors

import data.sharing.request

# METADATA
# description: The request is for a data processor.
applies(req) if request.recipient(req).kind == "processor"

# METADATA
# title: No agreement, nothing shared
# description: Without an agreement on how the information will be used, the processor receives nothing.
# custom:
#   clause: strict-agreements
default verdict(_) := {
	"outcome": "do-not-share",
	"clauses": ["recipient-data-processors", "strict-agreements"],
	"obligations": [],
}

# METADATA
# title: Processors patients have been told of, under an agreement
# description: A disclosed processor with an agreement in place receives what the purpose needs.
# custom:
#   clause: recipient-data-processors
verdict(req) := {
	"outcome": "share",
	"clauses": ["recipient-data-processors", "strict-agreements"],
	"obligations": ["follow-sharing-agreement"],
} if {
	request.processor_disclosed(req)
	request.sharing_agreement(req)
	not request.refused(req)
} else := {
	"outcome": "refer",
	"clauses": ["recipient-data-processors", "refuse-withdraw"],
	"obligations": ["explain-refusal-implications", "refer-to-caldicott-guardian"],
} if {
	request.refused(req)
}
