"""The sections of a person's record page (concord.core.page_sections), each registered
from its app's ``AppConfig.ready`` and shown after contact safety, by place:

    10  cases
"""

from __future__ import annotations

from concord.core.page_sections import Page, Section, Sections
from concord.people.models import Person

PersonPage = Page[Person]

SECTIONS: Sections[Section[Person]] = Sections()
