# METADATA
# title: Data processors
# description: |
#   Data processors the patient has been told of act for the trust, on its instructions and under an
#   agreement, for the purposes the trust instructs them for (content/recipients.yaml). Undisclosed
#   processors, and processors asked for any other purpose, are refused in sharing.prohibitions.
package sharing.processors

import data.sharing.request

# METADATA
# description: The request is for a data processor.
applies(req) if request.recipient(req).kind == "processor"

# METADATA
# title: Processors patients have been told of, under an agreement
# description: A disclosed processor with an agreement in place receives what the purpose needs.
# custom:
#   clause: recipient-data-processors
verdict(req) := {
	"outcome": "share",
	"clauses": ["recipient-data-processors", "strict-agreements"],
	"obligations": ["follow-sharing-agreement"],
	"information": request.asked(req),
} if {
	request.sharing_agreement(req)
	not request.refused(req)
} else := _refused_verdict if {
	request.refused(req)
} else := _no_agreement_verdict

# METADATA
# title: A refusal stops it
# description: |
#   The patient refuses or withdraws consent, and nothing overrides it: the processor receives nothing, and
#   the patient is told what it could mean for their care.
# custom:
#   clause: refuse-withdraw
_refused_verdict := request.nothing(
	["recipient-data-processors", "refuse-withdraw"],
	["explain-refusal-implications"],
)

# METADATA
# title: No agreement, nothing shared
# description: Without an agreement on how the information will be used, the processor receives nothing.
# custom:
#   clause: strict-agreements
_no_agreement_verdict := request.nothing(["recipient-data-processors", "strict-agreements"], [])
