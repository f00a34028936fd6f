"""Files sent by partner agencies, through ``request.scope`` (ADR 0011): a data officer's
own agency's files, every agency's for an analyst."""

from __future__ import annotations

from uuid import UUID

import rules

from concord.accounts.scope import MembershipScope
from concord.submissions.models import QuarantinedSubmissionRow, Submission, SubmissionQuerySet


class SubmissionsScope(MembershipScope):
    @property
    def submissions(self) -> SubmissionQuerySet:
        """Files sent by partner agencies: a data officer's own agency's; every agency's for
        an analyst, who sees their counts only."""
        self._require("submissions.view")
        found = Submission.objects.select_related("agency", "submitted_by")
        if rules.test_rule("submissions.view_every_agency", self.membership):
            return found.all()
        return found.of_agency(self.agency.pk)

    def submission(self, submission_id: UUID | str) -> Submission:
        return self._one(self.submissions.filter(pk=submission_id).first())

    def sent_submission(self, submission_id: UUID | str) -> Submission:
        """A file this agency sent, for its data officer to follow and fix; 404 for any
        other."""
        self._require("submissions.send")
        return self.submission(submission_id)

    def kept_back_row(
        self, submission_id: UUID | str, row_id: UUID | str
    ) -> QuarantinedSubmissionRow:
        """A row of this agency's file waiting in quarantine (its values stay sealed until
        concord.submissions.vault opens them, audited)."""
        submission = self.sent_submission(submission_id)
        found = QuarantinedSubmissionRow.objects.waiting().filter(submission=submission, pk=row_id)
        return self._one(found.select_related("submission__agency").first())
