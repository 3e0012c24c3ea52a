# METADATA
# title: Patient surveys
# description: |
#   The NHS Patient Survey Programme and the trust's own surveys: an NHS approved contractor receives
#   the patient's contact details, for the survey and nothing else. The national data opt-out does not
#   apply to national surveys; a patient who refuses or withdraws consent is not contacted.
package sharing.surveys

import data.sharing.request

_programme := data.notice.programmes.npsp

# METADATA
# description: The request is for the survey contractor, or for a survey.
# scope: document
applies(req) if req.recipient == _programme.recipient

applies(req) if req.purpose in _programme.purposes

_extra_information(req) := request.information(req) - {id | some id in _programme.information}

# METADATA
# title: Contact details for the survey
# description: The approved contractor receives contact details for the survey.
# custom:
#   clause: npsp
verdict(req) := {
	"outcome": "do-not-share",
	"clauses": ["npsp", "trust-surveys"],
	"obligations": [],
} if {
	not _for_the_survey(req)
} else := {
	"outcome": "do-not-share",
	"clauses": ["npsp", "refuse-withdraw"],
	"obligations": [],
} if {
	request.refused(req)
} else := {
	"outcome": "share",
	"clauses": ["npsp", "trust-surveys"],
	"obligations": ["contact-details-only"],
} if {
	count(_extra_information(req)) == 0
} else := _contact_details_only_verdict

# METADATA
# title: The contractor gets contact details only
# description: Asked for more than contact details, the contractor still receives contact details only.
# custom:
#   clause: trust-surveys
_contact_details_only_verdict := {
	"outcome": "share-minimum",
	"clauses": ["npsp", "trust-surveys"],
	"obligations": ["contact-details-only"],
}

_for_the_survey(req) if {
	req.recipient == _programme.recipient
	req.purpose in _programme.purposes
}
