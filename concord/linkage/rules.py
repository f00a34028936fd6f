"""Who may do what with linkage: partnership analysts and linkage reviewers start runs and
read their figures; only linkage reviewers see identifiers, decide pairs and split links."""

import rules

from concord.submissions.rules import is_analyst, is_linkage_reviewer

rules.add_rule("linkage.run", is_analyst | is_linkage_reviewer)
rules.add_rule("linkage.review", is_linkage_reviewer)
# The calibration page: choosing the thresholds of every later run is the analyst's.
rules.add_rule("linkage.calibrate", is_analyst)
