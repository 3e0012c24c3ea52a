# METADATA
# title: NHS England returns
# description: |
#   The trust must send NHS England information such as referrals, assessments, diagnoses, activities
#   and questionnaire answers to meet its NHS contract obligations. The national data opt-out is
#   honoured, and an opted-out patient's information is still used for their individual care.
package sharing.returns

import data.sharing.request

_programme := data.notice.programmes["nhse-returns"]

# METADATA
# description: The request is for the NHS England returns.
applies(req) if req.purpose in _programme.purposes

_for_nhs_england(req) if req.recipient == _programme.recipient

# The kinds asked for that the returns list.
_allowed(req) := sort(request.information(req) & {id | some id in _programme.information})

# METADATA
# title: The returns NHS England receives
# description: The listed kinds of information go to NHS England for the returns.
# custom:
#   clause: nhse-returns
verdict(req) := request.nothing(["nhse-returns"], []) if {
	not _for_nhs_england(req)
} else := _opted_out_verdict if {
	request.national_data_opt_out(req)
	not request.consented(req)
} else := _refused_verdict if {
	request.refused(req)
} else := request.nothing(["nhse-returns"], ["returns-information-only"]) if {
	count(_allowed(req)) == 0
} else := {
	"outcome": "share",
	"clauses": ["nhse-returns"],
	"obligations": [],
	"information": _allowed(req),
} if {
	count(_allowed(req)) == count(request.information(req))
} else := {
	"outcome": "share-minimum",
	"clauses": ["nhse-returns"],
	"obligations": ["returns-information-only"],
	"information": _allowed(req),
}

# METADATA
# title: The national data opt-out
# description: |
#   An opted-out patient's confidential information is not sent for the returns; it is still used for
#   their individual care.
# custom:
#   clause: national-data-opt-out
_opted_out_verdict := request.nothing(["nhse-returns", "national-data-opt-out"], ["continue-individual-care"])

# METADATA
# title: A refusal honoured as the opt-out
# description: |
#   The notice gives the patient a choice about this use; a refusal or withdrawal is honoured like the
#   opt-out, and their information is still used for their individual care. Refusing this use does not
#   affect their care, so there is nothing to warn them of (as for the surveys).
# custom:
#   clause: refuse-withdraw
_refused_verdict := request.nothing(
	["nhse-returns", "national-data-opt-out", "refuse-withdraw"],
	["continue-individual-care"],
)
