"""Who may carry out the data-protection duties: a service manager reviews what is due for
anonymising and answers subject access requests."""

import rules

from concord.accounts.rules import manages_service

rules.add_rule("dataprotection.review_retention", manages_service)
rules.add_rule("dataprotection.export_subject_access", manages_service)
