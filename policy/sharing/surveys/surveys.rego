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

# The kinds asked for that the contractor may receive, and whether anything else was asked.
_allowed(req) := sort(request.information(req) & {id | some id in _programme.information})

# METADATA
# title: Contact details for the survey
# description: The approved contractor receives contact details for the survey.
# custom:
#   clause: npsp
verdict(req) := request.nothing(["npsp", "trust-surveys"], []) if {
	not _for_the_survey(req)
} else := request.nothing(["npsp", "refuse-withdraw"], []) if {
	request.refused(req)
} else := _nothing_allowed_verdict if {
	count(_allowed(req)) == 0
} else := {
	"outcome": "share",
	"clauses": ["npsp", "trust-surveys"],
	"obligations": ["contact-details-only"],
	"information": _allowed(req),
} if {
	count(_allowed(req)) == count(request.information(req))
} else := _contact_details_only_verdict(req)

# METADATA
# title: The contractor gets contact details only
# description: Asked for more than contact details, the contractor still receives contact details only.
# custom:
#   clause: trust-surveys
_contact_details_only_verdict(req) := {
	"outcome": "share-minimum",
	"clauses": ["npsp", "trust-surveys"],
	"obligations": ["contact-details-only"],
	"information": _allowed(req),
}

# METADATA
# title: Nothing the contractor may receive
# description: Asked only for information other than contact details, the contractor receives nothing.
# custom:
#   clause: trust-surveys
_nothing_allowed_verdict := request.nothing(["npsp", "trust-surveys"], ["contact-details-only"])

_for_the_survey(req) if {
	req.recipient == _programme.recipient
	req.purpose in _programme.purposes
}
