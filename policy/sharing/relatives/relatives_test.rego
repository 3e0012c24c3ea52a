package sharing.relatives_test

import data.sharing.relatives

test_nearest_relative_outside_the_act_goes_to_a_person if {
	relatives.applies({"recipient": "nearest-relative"})
	not relatives.applies({"recipient": "gp"})
	relatives.verdict.outcome == "refer"
}
