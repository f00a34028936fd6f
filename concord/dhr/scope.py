"""Homicide reviews through ``request.scope`` (ADR 0011, ADR 0028): a user reaches only the
reviews whose panel they sit on. Any other review is 404, as if it did not exist, for every
role (a partnership manager or board member not on its panel included). Every read of a
review is audited (``dhr.review_viewed``)."""

from __future__ import annotations

from uuid import UUID

from concord.accounts.scope import MembershipScope
from concord.dhr.models import AgencyReport, PanelMember, Recommendation, Review, ReviewQuerySet


class ReviewsScope(MembershipScope):
    @property
    def panel_reviews(self) -> ReviewQuerySet:
        """The reviews whose panel the user sits on."""
        self._require("dhr.open_review")
        return Review.objects.on_panel_of(self.user)

    def review(self, review_id: UUID | str) -> Review:
        """One review of the user's panels; 404 for any other. The read is audited."""
        found = self.panel_reviews.filter(pk=review_id).first()
        return self._one(found, "dhr.review_viewed")

    def panel_member(self, review: Review, member_id: UUID | str) -> PanelMember:
        """A seat on the panel of a review from ``review``; 404 for any other."""
        return self._one(review.panel.filter(pk=member_id).first())

    def agency_report(self, review: Review, report_id: UUID | str) -> AgencyReport:
        return self._one(review.reports.filter(pk=report_id).first())

    def recommendation(self, review: Review, number: int) -> Recommendation:
        return self._one(review.recommendations.filter(number=number).first())
