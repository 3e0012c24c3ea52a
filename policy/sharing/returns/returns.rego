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

_extra_information(req) := request.information(req) - {id | some id in _programme.information}

# METADATA
# title: The returns NHS England receives
# description: The listed kinds of information go to NHS England for the returns.
# custom:
#   clause: nhse-returns
verdict(req) := {
	"outcome": "do-not-share",
	"clauses": ["nhse-returns"],
	"obligations": [],
} if {
	req.recipient != _programme.recipient
} else := _opted_out_verdict if {
	request.national_data_opt_out(req)
	not request.consented(req)
} else := {
	"outcome": "refer",
	"clauses": ["nhse-returns", "national-data-opt-out", "refuse-withdraw"],
	"obligations": ["explain-refusal-implications", "refer-to-caldicott-guardian"],
} if {
	request.refused(req)
} else := {
	"outcome": "share",
	"clauses": ["nhse-returns"],
	"obligations": [],
} if {
	count(_extra_information(req)) == 0
} else := {
	"outcome": "share-minimum",
	"clauses": ["nhse-returns"],
	"obligations": ["returns-information-only"],
}

# METADATA
# title: The national data opt-out
# description: |
#   An opted-out patient's confidential information is not sent for the returns; it is still used for
#   their individual care.
# custom:
#   clause: national-data-opt-out
_opted_out_verdict := {
	"outcome": "do-not-share",
	"clauses": ["nhse-returns", "national-data-opt-out"],
	"obligations": ["continue-individual-care"],
}
