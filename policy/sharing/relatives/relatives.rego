# METADATA
# title: The nearest relative
# description: |
#   The notice speaks of the Mental Health Act (1983) nearest relative only where the Act requires them
#   to receive information (a circumstance, decided in sharing.exceptions). Any other request for them
#   is one the notice does not settle, so a person decides.
package sharing.relatives

import data.sharing.request

# METADATA
# description: The request is for the nearest relative.
applies(req) if request.recipient(req).kind == "nearest-relative"

# METADATA
# title: Nearest relative outside the Act
# description: Without the Mental Health Act circumstance, a person decides.
# custom:
#   clause: circumstance-mental-health-act
verdict := {
	"outcome": "refer",
	"clauses": ["circumstance-mental-health-act"],
	"obligations": ["refer-to-caldicott-guardian"],
}
