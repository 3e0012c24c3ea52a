# METADATA
# title: The team caring for the patient
# description: |
#   Information is shared with the team caring for the patient on implied consent. A patient who
#   refuses or withdraws consent is heard by a person, who explains what refusing could mean for their
#   care.
package sharing.careteam

import data.sharing.request

_care_purposes := {"individual-care", "emergency-care"}

# METADATA
# description: The request is for the care team.
applies if request.recipient.kind == "care-team"

# METADATA
# title: Shared with the care team
# description: The care team receives information for the patient's care without explicit consent.
# custom:
#   clause: care-team
verdict := {
	"outcome": "share",
	"clauses": {"care-team"},
	"obligations": set(),
} if {
	input.purpose in _care_purposes
	not request.refused
	not request.unable_to_consent
} else := {
	"outcome": "share",
	"clauses": {"care-team"},
	"obligations": {"best-interests"},
} if {
	input.purpose in _care_purposes
	request.unable_to_consent
} else := _refused_verdict if {
	input.purpose in _care_purposes
} else := {
	"outcome": "refer",
	"clauses": {"care-team"},
	"obligations": {"refer-to-caldicott-guardian"},
} if {
	not input.purpose in _care_purposes
}

# METADATA
# title: Refusal heard by a person
# description: |
#   The patient may refuse or withdraw consent at any time; a person discusses the implications,
#   including delays in care, and decides with them.
# custom:
#   clause: refuse-withdraw
_refused_verdict := {
	"outcome": "refer",
	"clauses": {"care-team", "refuse-withdraw"},
	"obligations": {"explain-refusal-implications", "refer-to-caldicott-guardian"},
}
