# METADATA
# title: The team caring for the patient
# description: |
#   Information is shared with the team caring for the patient on implied consent. A patient who
#   refuses or withdraws consent is not shared about; someone discusses with them what refusing could
#   mean for their care.
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
# title: A refusal stops the sharing
# description: |
#   The patient may refuse or withdraw consent at any time. The notice asks them to discuss it with
#   their health care professional, who explains what it could mean for their care, including delays;
#   it gives no one a reason to share against it (only a circumstance, sharing.exceptions, can).
# custom:
#   clause: refuse-withdraw
_refused_verdict := request.nothing(["care-team", "refuse-withdraw"], ["explain-refusal-implications"])
