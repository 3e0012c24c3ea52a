# METADATA
# title: The team caring for the patient
# description: |
#   Information is shared with the team caring for the patient on implied consent. A patient who
#   refuses or withdraws consent is heard by a person, who explains what refusing could mean for their
#   care.
package sharing.careteam

import data.sharing.request

# METADATA
# description: The request is for the care team.
applies(req) if request.recipient(req).kind == "care-team"

# METADATA
# title: Shared with the care team
# description: The care team receives information for the patient's care without explicit consent.
# custom:
#   clause: care-team
verdict(req) := {
	"outcome": "share",
	"clauses": ["care-team"],
	"obligations": [],
	"information": request.asked(req),
} if {
	request.for_direct_care(req)
	not request.refused(req)
	not request.unable_to_consent(req)
} else := {
	"outcome": "share",
	"clauses": ["care-team"],
	"obligations": ["best-interests"],
	"information": request.asked(req),
} if {
	request.for_direct_care(req)
	request.unable_to_consent(req)
} else := _refused_verdict if {
	request.for_direct_care(req)
} else := _not_for_care_verdict

# METADATA
# title: Only for the patient's care
# description: The care team shares for the patient's care; other purposes need a circumstance.
# custom:
#   clause: care-team
_not_for_care_verdict := request.nothing(["care-team"], [])

# METADATA
# title: Refusal heard by a person
# description: |
#   The patient may refuse or withdraw consent at any time; a person discusses the implications,
#   including delays in care, and decides with them.
# custom:
#   clause: refuse-withdraw
_refused_verdict := request.refer(
	["care-team", "refuse-withdraw"],
	["explain-refusal-implications", "refer-to-caldicott-guardian"],
)
