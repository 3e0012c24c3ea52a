# METADATA
# title: Patient surveys
# description: |
#   The NHS Patient Survey Programme and the trust's own surveys: an NHS approved contractor receives
#   the patient's contact details, for the survey and nothing else. The national data opt-out does not
#   apply to national surveys, which run their own; the trust's own surveys honour it. A patient who
#   refuses or withdraws consent is not contacted.
package sharing.surveys

import data.sharing.request

_programmes := [data.notice.programmes.npsp, data.notice.programmes["trust-surveys"]]

_contractor := data.notice.programmes.npsp.recipient

# METADATA
# description: The request is for the survey contractor, or for a survey.
# scope: document
applies(req) if req.recipient == _contractor

applies(req) if _programme(req)

# The survey the purpose is for.
_programme(req) := programme if {
	some programme in _programmes
	req.purpose in programme.purposes
}

# The kinds asked for that the contractor may receive.
_allowed(req, programme) := sort(request.information(req) & {id | some id in programme.information})

# METADATA
# description: Contact details for the survey the purpose is for, if any.
verdict(req) := _survey_verdict(req, programme) if {
	req.recipient == _contractor
	programme := _programme(req)
} else := request.nothing(["npsp", "trust-surveys"], [])

# METADATA
# title: Contact details for the survey
# description: The approved contractor receives contact details for the survey.
# custom:
#   clause: npsp
_survey_verdict(req, programme) := request.nothing(array.concat(programme.clauses, ["refuse-withdraw"]), []) if {
	request.refused(req)
} else := _opted_out_verdict if {
	programme.national_data_opt_out_applies
	request.national_data_opt_out(req)
	not request.consented(req)
} else := request.nothing(programme.clauses, ["contact-details-only"]) if {
	count(_allowed(req, programme)) == 0
} else := {
	"outcome": "share",
	"clauses": programme.clauses,
	"obligations": ["contact-details-only"],
	"information": _allowed(req, programme),
} if {
	count(_allowed(req, programme)) == count(request.information(req))
} else := _contact_details_only_verdict(req, programme)

# METADATA
# title: The contractor gets contact details only
# description: Asked for more than contact details, the contractor still receives contact details only.
# custom:
#   clause: trust-surveys
_contact_details_only_verdict(req, programme) := {
	"outcome": "share-minimum",
	"clauses": programme.clauses,
	"obligations": ["contact-details-only"],
	"information": _allowed(req, programme),
}

# METADATA
# title: The trust's own surveys honour the opt-out
# description: |
#   An opted-out patient is not contacted for the trust's own surveys (only national surveys are exempt);
#   their information is still used for their individual care.
# custom:
#   clause: national-data-opt-out
_opted_out_verdict := request.nothing(["trust-surveys", "national-data-opt-out"], ["continue-individual-care"])
